package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safehouse.config.Limits;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.WsTestClient;

/**
 * No frame the server builds outgrows {@link FrameBudget#frameBytes}: member lists and history are cut into several
 * frames by encoded bytes, and together they still say everything.
 */
class FrameBudgetTest {
    private static final String EMOJI = new String(Character.toChars(0x1F600));
    private final ChatHarness harness = ChatHarness.start("""
            {"limits": {"max_text_chars": 100, "outbound_queue_bytes": 8192, "messages_per_second": 1000,
                        "message_burst": 1000}}""");
    private final MutableClock clock = harness.clock();
    private final ChatServer server = harness.server();
    private final int frameBytes = FrameBudget.of(server.config().limits()).frameBytes();

    /** Connects, drops the Hello, sends a Join to the lobby; what answered it stays recorded. */
    private FakeClient join(String nick) {
        FakeClient client = harness.connect("10.0.0.1");
        client.send(ClientFrames.join("lobby", nick));
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
        List<FakeClient> clients = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String nick = "m" + i + EMOJI.repeat(20);
            names.add(nick);
            clients.add(join(nick));
        }
        clients.get(0).take();
        FakeClient last = join("last");
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

        harness.tickAfter(1000);
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
        FakeClient ragnar = harness.ragnarok("10.0.0.9", "any password", "ragnar");
        names.add("ragnar");
        List<String> frames = ragnar.take();
        assertFits(frames);
        List<String> listed = strings(WsTestClient.parse(frames.get(1)), "Users");
        assertTrue(listed.size() > 0 && listed.size() < names.size());
        assertEquals(names.subList(0, listed.size()), listed, "the first members, in joining order");
    }

    @Test
    void historyOfLargeMessagesArrivesInFramesThatFit() {
        FakeClient talker = join("talker");
        for (int i = 0; i < 50; i++) {
            talker.send(ClientFrames.broadcast("lobby", EMOJI.repeat(100)));
        }
        FakeClient reader = join("reader");
        List<String> frames = reader.take();
        assertFits(frames);
        JsonObject joined = WsTestClient.parse(frames.get(0));
        assertTrue(joined.getBoolean("hasMore"));
        int shown = joined.getJsonArray("history").size();
        assertTrue(shown >= 1 && shown < 50, shown + " messages in Joined");
        String oldest = joined.getJsonArray("history").getJsonObject(0).getString("id");
        reader.send(Json.createObjectBuilder().add("msgType", "History").add("room", "lobby")
                .add("before", oldest).build().toString());
        List<String> page = reader.take();
        assertFits(page);
        JsonObject history = WsTestClient.parse(page.get(0));
        assertTrue(history.getJsonArray("messages").size() >= 1);
        assertTrue(history.getBoolean("hasMore"), "a page cut by bytes says more are there");
    }
}
