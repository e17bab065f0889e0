package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.TestIdentity;

/**
 * Caps per address group (connections, rooms joined over all its connections, rooms created per minute), and the
 * unjoined timeout applied to a connection that left its last room.
 */
class AddressGroupCapsTest {
    ChatHarness harness;
    MutableClock clock;
    ChatServer server;

    AddressGroupCapsTest() {
        server("");
    }

    /** Replaces the core with one of these extra limits, on a clock of its own. */
    void server(String limits) {
        harness = ChatHarness.start("{\"limits\":{\"max_unjoined_per_address\":1000" + limits + "}}");
        clock = harness.clock();
        server = harness.server();
    }

    FakeClient open(String address) {
        return harness.connect(address);
    }

    /** @return the frames answering the Join */
    List<JsonObject> join(FakeClient client, String room, String nick) {
        return client.join(room, nick);
    }

    static String last(List<JsonObject> frames) {
        JsonObject frame = frames.get(frames.size() - 1);
        return "Error".equals(frame.getString("msgType")) ? frame.getString("code") : frame.getString("msgType");
    }

    @Test
    void connectionsBeyondTheCapOfOneAddressGroupAreClosedWith4003AndOthersAreNotAffected() {
        server(",\"max_connections_per_address_group\":3");
        List<FakeClient> home = List.of(open("203.0.113.7"), open("203.0.113.7"), open("203.0.113.7"));
        for (FakeClient client : home) {
            assertNull(client.connection().closedWith());
            join(client, "lobby", "n" + home.indexOf(client)); // joined connections count too
        }
        FakeClient fourth = open("203.0.113.7");
        assertEquals(CloseCode.TOO_MANY_CONNECTIONS, fourth.connection().closedWith());
        assertEquals(4003, CloseCode.TOO_MANY_CONNECTIONS.code());
        server.closed(fourth.session());
        // The same /64 is one group; another address is not.
        server(",\"max_connections_per_address_group\":1");
        open("2001:db8:1:2::1");
        assertEquals(CloseCode.TOO_MANY_CONNECTIONS, open("2001:db8:1:2::99").connection().closedWith());
        assertNull(open("2001:db8:1:3::1").connection().closedWith());
        // A closed connection frees its place.
        server(",\"max_connections_per_address_group\":1");
        FakeClient only = open("198.51.100.1");
        server.closed(only.session());
        assertNull(open("198.51.100.1").connection().closedWith());
    }

    @Test
    void roomsJoinedAreCountedOverAllConnectionsOfAGroup() {
        server(",\"max_joined_rooms_per_address_group\":3");
        FakeClient first = open("203.0.113.7");
        FakeClient second = open("203.0.113.7");
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
        server(",\"rooms_created_per_minute_per_address_group\":2");
        FakeClient creator = open("203.0.113.7");
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
        FakeClient creator = open("203.0.113.7");
        join(creator, "mine", "me");
        FakeClient other = open("198.51.100.1");
        assertEquals(2, server.addressGroups().trackedGroups());
        server.closed(other.session());
        assertEquals(1, server.addressGroups().trackedGroups(), "nothing counted, no creation to refill");
        server.closed(creator.session());
        harness.tickAfter(60_000);
        assertEquals(0, server.addressGroups().trackedGroups(), "forgotten once its creation bucket refilled");
    }

    @Test
    void aConnectionThatLeftItsLastRoomIsClosedAfterTheJoinTimeout() {
        FakeClient client = open("203.0.113.7");
        join(client, "lobby", "me");
        harness.tickAfter(60_000);
        assertNull(client.connection().closedWith(), "in a room: never timed out");
        server.receive(client.session(), "{\"msgType\":\"Leave\",\"room\":\"lobby\"}");
        harness.tickAfter(9_000);
        assertNull(client.connection().closedWith());
        harness.tickAfter(2_000);
        assertEquals(CloseCode.JOIN_TIMEOUT, client.connection().closedWith());
    }

    @Test
    void aRoomlessConnectionWhoseJoinIsUnderWayIsNotClosed() throws Exception {
        FakeClient client = open("203.0.113.7");
        join(client, "lobby", "me");
        server.receive(client.session(), "{\"msgType\":\"Leave\",\"room\":\"lobby\"}");
        clock.advance(9_000);
        TestIdentity identity = TestIdentity.create(TestIdentity.ECDSA);
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"me\","
                + "\"keys\":" + identity.keys() + "}");
        assertEquals("Challenge", last(client.connection().takeJson()));
        harness.tickAfter(2_000);
        assertNull(client.connection().closedWith(), "waiting for its proof");
    }
}
