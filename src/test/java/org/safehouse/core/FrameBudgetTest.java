package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;
import org.safehouse.testing.WsTestClient;

/**
 * No frame the server builds outgrows {@link FrameBudget#frameBytes}: member lists and history are cut into several
 * frames by encoded bytes, and together they still say everything.
 */
class FrameBudgetTest {
    private static final String EMOJI = new String(Character.toChars(0x1F600));
    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final ChatServer server = server();
    private final int frameBytes = server.frameBudget().frameBytes();

    private ChatServer server() {
        try {
            return new ChatServer(new ConfigLoader(new Argon2PasswordHasher()).parse("""
                    {"limits": {"max_text_chars": 100, "outbound_queue_bytes": 8192, "messages_per_second": 1000,
                                "message_burst": 1000}}""", "test", Path.of(".")),
                    new InMemoryBroker(), new Argon2PasswordHasher(), clock);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private record Client(RecordingConnection connection, ChatSession session) {
        List<String> take() {
            return connection.take();
        }
    }

    private Client join(String nick) {
        RecordingConnection connection = new RecordingConnection("10.0.0.1");
        Client client = new Client(connection, server.open(connection, false));
        connection.take(); // Hello
        server.receive(client.session(), Json.createObjectBuilder().add("msgType", "Join").add("version", 1)
                .add("room", "lobby").add("nick", nick).build().toString());
        return client;
    }

    private void assertFits(List<String> frames) {
        for (String frame : frames) {
            int bytes = frame.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes <= frameBytes, () -> bytes + " bytes > " + frameBytes);
        }
    }

    private static List<String> strings(JsonObject frame, String field) {
        return frame.getJsonArray(field).getValuesAs(JsonString::getString);
    }

    @Test
    void theBudgetIsAQuarterOfTheQueueAndAlwaysHoldsTheLargestMessage() {
        assertEquals(new FrameBudget(256 * 1024, 512 * 1024), FrameBudget.of(Limits.DEFAULTS));
        assertEquals(100 * 4 + 2048, frameBytes, "8 KiB / 4 = 2 KiB is less than one message of 100 characters");
    }

    @Test
    void aLongMemberListArrivesInJoinedAndPresenceFramesThatEachFit() {
        List<String> names = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String nick = "m" + i + EMOJI.repeat(20);
            names.add(nick);
            clients.add(join(nick));
        }
        clients.get(0).take();
        Client last = join("last");
        names.add("last");
        List<String> frames = last.take();
        assertFits(frames);
        JsonObject joined = WsTestClient.parse(frames.get(0));
        assertEquals("Joined", joined.getString("msgType"));
        Set<String> members = new LinkedHashSet<>(strings(joined, "users"));
        assertTrue(members.size() < names.size(), "the list does not fit one frame");
        for (String frame : frames.subList(1, frames.size())) {
            JsonObject presence = WsTestClient.parse(frame);
            assertEquals("Presence", presence.getString("msgType"));
            members.addAll(strings(presence, "joined"));
        }
        assertEquals(names, List.copyOf(members), "Joined then its Presence frames: the whole list, in order");

        clock.advance(1000);
        server.tick();
        List<String> presence = clients.get(0).take();
        assertFits(presence);
        Set<String> arrived = new LinkedHashSet<>();
        for (String frame : presence) {
            arrived.addAll(strings(WsTestClient.parse(frame), "joined"));
        }
        assertEquals(names, List.copyOf(arrived), "coalesced presence (its own arrival included), cut into frames");
    }

    @Test
    void ragnarokGetsTheMembersThatFitOneFrame() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String nick = "m" + i + EMOJI.repeat(20);
            names.add(nick);
            join(nick);
        }
        RecordingConnection connection = new RecordingConnection("10.0.0.9");
        ChatSession session = server.open(connection, true);
        server.receive(session, "any password");
        server.receive(session, "ragnar");
        names.add("ragnar");
        List<String> frames = connection.take();
        assertFits(frames);
        List<String> listed = strings(WsTestClient.parse(frames.get(1)), "Users");
        assertTrue(listed.size() > 0 && listed.size() < names.size());
        assertEquals(names.subList(0, listed.size()), listed, "the first members, in joining order");
    }

    @Test
    void historyOfLargeMessagesArrivesInFramesThatFit() {
        Client talker = join("talker");
        for (int i = 0; i < 50; i++) {
            server.receive(talker.session(), Json.createObjectBuilder().add("msgType", "Broadcast").add("room", "lobby")
                    .add("text", EMOJI.repeat(100)).build().toString());
        }
        Client reader = join("reader");
        List<String> frames = reader.take();
        assertFits(frames);
        JsonObject joined = WsTestClient.parse(frames.get(0));
        assertTrue(joined.getBoolean("hasMore"));
        int shown = joined.getJsonArray("history").size();
        assertTrue(shown >= 1 && shown < 50, shown + " messages in Joined");
        String oldest = joined.getJsonArray("history").getJsonObject(0).getString("id");
        server.receive(reader.session(), Json.createObjectBuilder().add("msgType", "History").add("room", "lobby")
                .add("before", oldest).build().toString());
        List<String> page = reader.take();
        assertFits(page);
        JsonObject history = WsTestClient.parse(page.get(0));
        assertTrue(history.getJsonArray("messages").size() >= 1);
        assertTrue(history.getBoolean("hasMore"), "a page cut by bytes says more are there");
    }
}
