package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;
import org.safehouse.testing.TestIdentity;

/**
 * Caps per address group (connections, rooms joined over all its connections, rooms created per minute), and the
 * unjoined timeout applied to a connection that left its last room.
 */
class AddressGroupCapsTest {
    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    ChatServer server = server("");

    ChatServer server(String limits) {
        try {
            String json = "{\"limits\":{\"max_unjoined_per_address\":1000" + limits + "}}";
            return new ChatServer(new ConfigLoader(new Argon2PasswordHasher()).parse(json, "test", Path.of(".")),
                    new InMemoryBroker(), new Argon2PasswordHasher(), clock);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    record Client(RecordingConnection connection, ChatSession session) {
    }

    Client open(String address) {
        RecordingConnection recording = new RecordingConnection(address);
        Client client = new Client(recording, server.open(recording, false));
        recording.take();
        return client;
    }

    /** @return the frames answering the Join */
    List<JsonObject> join(Client client, String room, String nick) {
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\""
                + nick + "\"}");
        return client.connection().takeJson();
    }

    static String last(List<JsonObject> frames) {
        JsonObject frame = frames.get(frames.size() - 1);
        return "Error".equals(frame.getString("msgType")) ? frame.getString("code") : frame.getString("msgType");
    }

    @Test
    void connectionsBeyondTheCapOfOneAddressGroupAreClosedWith4003AndOthersAreNotAffected() {
        server = server(",\"max_connections_per_address_group\":3");
        List<Client> home = List.of(open("203.0.113.7"), open("203.0.113.7"), open("203.0.113.7"));
        for (Client client : home) {
            assertNull(client.connection().closedWith());
            join(client, "lobby", "n" + home.indexOf(client)); // joined connections count too
        }
        Client fourth = open("203.0.113.7");
        assertEquals(CloseCode.TOO_MANY_CONNECTIONS, fourth.connection().closedWith());
        assertEquals(4003, CloseCode.TOO_MANY_CONNECTIONS.code());
        server.closed(fourth.session());
        // The same /64 is one group; another address is not.
        server = server(",\"max_connections_per_address_group\":1");
        open("2001:db8:1:2::1");
        assertEquals(CloseCode.TOO_MANY_CONNECTIONS, open("2001:db8:1:2::99").connection().closedWith());
        assertNull(open("2001:db8:1:3::1").connection().closedWith());
        // A closed connection frees its place.
        server = server(",\"max_connections_per_address_group\":1");
        Client only = open("198.51.100.1");
        server.closed(only.session());
        assertNull(open("198.51.100.1").connection().closedWith());
    }

    @Test
    void roomsJoinedAreCountedOverAllConnectionsOfAGroup() {
        server = server(",\"max_joined_rooms_per_address_group\":3");
        Client first = open("203.0.113.7");
        Client second = open("203.0.113.7");
        assertEquals("Joined", last(join(first, "a", "me")));
        assertEquals("Joined", last(join(first, "b", "me")));
        assertEquals("Joined", last(join(second, "c", "me")));
        assertEquals("too_many_rooms", last(join(second, "d", "me")));
        assertEquals("Joined", last(join(open("198.51.100.1"), "d", "other")), "another address is not affected");
        server.receive(first.session(), "{\"msgType\":\"Leave\",\"room\":\"a\"}");
        assertEquals("Joined", last(join(second, "d", "me")), "leaving frees a place");
        server.closed(second.session());
        assertEquals("Joined", last(join(first, "e", "me")), "closing frees its places");
    }

    @Test
    void roomCreationIsRateLimitedPerAddressGroup() {
        server = server(",\"rooms_created_per_minute_per_address_group\":2");
        Client creator = open("203.0.113.7");
        assertEquals("Joined", last(join(creator, "one", "me")));
        assertEquals("Joined", last(join(creator, "two", "me")));
        List<JsonObject> refused = join(creator, "three", "me");
        assertEquals("rate_limited", last(refused));
        assertTrue(refused.get(refused.size() - 1).getInt("retryAfterMs") > 0);
        assertEquals("Joined", last(join(creator, "lobby", "me")), "existing rooms are not counted");
        assertEquals("Joined", last(join(open("198.51.100.1"), "three", "other")), "nor other addresses");
        clock.advance(30_000);
        assertEquals("Joined", last(join(creator, "four", "me")), "one more each 30 s");
    }

    @Test
    void addressGroupsThatHoldNothingAreForgotten() {
        Client creator = open("203.0.113.7");
        join(creator, "mine", "me");
        Client other = open("198.51.100.1");
        assertEquals(2, server.addressGroups().trackedGroups());
        server.closed(other.session());
        assertEquals(1, server.addressGroups().trackedGroups(), "nothing counted, no creation to refill");
        server.closed(creator.session());
        clock.advance(60_000);
        server.tick();
        assertEquals(0, server.addressGroups().trackedGroups(), "forgotten once its creation bucket refilled");
    }

    @Test
    void aConnectionThatLeftItsLastRoomIsClosedAfterTheJoinTimeout() {
        Client client = open("203.0.113.7");
        join(client, "lobby", "me");
        clock.advance(60_000);
        server.tick();
        assertNull(client.connection().closedWith(), "in a room: never timed out");
        server.receive(client.session(), "{\"msgType\":\"Leave\",\"room\":\"lobby\"}");
        clock.advance(9_000);
        server.tick();
        assertNull(client.connection().closedWith());
        clock.advance(2_000);
        server.tick();
        assertEquals(CloseCode.JOIN_TIMEOUT, client.connection().closedWith());
    }

    @Test
    void aRoomlessConnectionWhoseJoinIsUnderWayIsNotClosed() throws Exception {
        Client client = open("203.0.113.7");
        join(client, "lobby", "me");
        server.receive(client.session(), "{\"msgType\":\"Leave\",\"room\":\"lobby\"}");
        clock.advance(9_000);
        TestIdentity identity = TestIdentity.create(TestIdentity.ECDSA);
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"me\","
                + "\"keys\":" + identity.keys() + "}");
        assertEquals("Challenge", last(client.connection().takeJson()));
        clock.advance(2_000);
        server.tick();
        assertNull(client.connection().closedWith(), "waiting for its proof");
    }
}
