package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;

/**
 * Room history bounded by bytes, per room and for all rooms together, with the oldest messages evicted first and
 * resumes from before them told {@code recovered: false}; new rooms beyond {@code max_rooms} refused with
 * {@code server_full}.
 */
class HistoryBudgetTest {
    /** 4096 characters of 4 UTF-8 bytes each: the largest text a member may send (16 KiB on the wire). */
    static final String BIG = "\uD83D\uDE00".repeat(4096);
    /** What one such message costs: its encoded Broadcast, plus the fixed overhead. */
    static final long BIG_COST = RoomHistory.OVERHEAD_BYTES + 16 * 1024 + 200;

    ChatHarness harness;
    MutableClock clock;
    ChatServer server;

    /** A core with these extra limits, on a clock of its own. */
    ChatServer server(String limits) {
        harness = ChatHarness.start("{\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000" + limits + "}}");
        clock = harness.clock();
        server = harness.server();
        return server;
    }

    /** Connects (the Hello stays recorded) and sends a Join with these extra fields. */
    FakeClient join(String room, String nick, String extra) {
        FakeClient client = harness.open("10.0.0." + (nick.hashCode() & 0x7f));
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\"" + nick + "\""
                + extra + "}");
        return client;
    }

    JsonObject joined(FakeClient client) {
        return client.connection().takeJson().stream().filter(f -> "Joined".equals(f.getString("msgType")))
                .findFirst().orElseThrow(() -> new AssertionError("no Joined"));
    }

    /** Sends {@code count} big messages; @return their ids, oldest first. */
    List<String> fill(FakeClient client, String room, int count) {
        client.connection().take();
        for (int i = 0; i < count; i++) {
            clock.advance(1);
            client.send("{\"msgType\":\"Broadcast\",\"room\":\"" + room + "\",\"text\":\"" + BIG + "\"}");
        }
        List<String> ids = new ArrayList<>();
        for (JsonObject frame : client.connection().takeJson()) {
            if ("Broadcast".equals(frame.getString("msgType"))) {
                ids.add(frame.getString("id"));
            }
        }
        assertEquals(count, ids.size(), "every message was broadcast");
        return ids;
    }

    long historyBytes() {
        return server.historyBytes();
    }

    @Test
    void aRoomsHistoryIsBoundedByBytesAndAResumeFromBeforeTheWindowIsNotRecovered() {
        server(",\"history_bytes_per_room\":131072");
        FakeClient talker = join("den", "talker", "");
        String epoch = joined(talker).getString("epoch");
        List<String> ids = fill(talker, "den", 30);

        Room den = server.rooms().find("den");
        synchronized (den) {
            assertTrue(den.history().bytes() <= 131072, "per-room bytes bound: " + den.history().bytes());
            assertEquals(131072 / BIG_COST, den.history().size(), "as many big messages as fit, not 1000");
        }
        JsonObject early = joined(join("den", "early", ",\"since\":\"" + ids.get(3) + "\",\"epoch\":\"" + epoch
                + "\""));
        assertFalse(early.getBoolean("recovered"), "messages after the resumed id were evicted by bytes");
        JsonObject late = joined(join("den", "late", ",\"since\":\"" + ids.get(25) + "\",\"epoch\":\"" + epoch
                + "\""));
        assertTrue(late.getBoolean("recovered"), "everything after it is still held");
        assertEquals(4, late.getJsonArray("history").size());
    }

    @Test
    void allRoomsTogetherStayWithinTheTotalAndTheOldestMessagesGoFirst() {
        long total = 20 * BIG_COST;
        server(",\"history_bytes_total\":" + total + ",\"history_bytes_per_room\":" + 8 * BIG_COST);
        // Every room fills within one tick: even so, the total holds and the oldest go first.
        FakeClient first = join("first", "a", "");
        String firstEpoch = joined(first).getString("epoch");
        List<String> firstIds = fill(first, "first", 6);
        List<FakeClient> others = new ArrayList<>();
        for (int room = 0; room < 4; room++) {
            FakeClient other = join("room" + room, "b" + room, "");
            others.add(other);
            fill(other, "room" + room, 6);
            assertTrue(historyBytes() <= total, "never over the total, even between ticks: " + historyBytes());
        }
        harness.tick();
        assertTrue(historyBytes() <= total * HistoryBudget.LOW_WATER_PERCENT / 100,
                "the tick leaves headroom: " + historyBytes());

        Room oldest = server.rooms().find("first");
        synchronized (oldest) {
            assertEquals(0, oldest.history().size(), "the oldest room's messages, all older than the others', went first");
        }
        Room newest = server.rooms().find("room3");
        synchronized (newest) {
            assertEquals(6, newest.history().size(), "the newest messages stay");
        }
        JsonObject resumed = joined(join("first", "back", ",\"since\":\"" + firstIds.get(0) + "\",\"epoch\":\""
                + firstEpoch + "\""));
        assertFalse(resumed.getBoolean("recovered"));
    }

    @Test
    void anAppendAtAFullBudgetEvictsTheServersOldestMessagesSoTheTotalIsNeverExceeded() {
        HistoryBudget shared = new HistoryBudget(10 * BIG_COST);
        RoomHistory idle = new RoomHistory(1000, 0, Long.MAX_VALUE, shared);
        RoomHistory busy = new RoomHistory(1000, 0, Long.MAX_VALUE, shared);
        for (long id = 1; id <= 8; id++) {
            idle.append(big(id), Optional.empty());
        }
        for (long id = 100; id < 105; id++) {
            busy.append(big(id), Optional.empty());
            assertTrue(shared.used() <= shared.limit());
        }
        assertEquals(5, idle.size(), "the three oldest of the server went, though another room appended");
        assertFalse(idle.since(1).complete(), "a resume from before them is not complete");
        assertTrue(idle.since(3).complete());
        for (long id = 105; id < 150; id++) {
            busy.append(big(id), Optional.empty());
        }
        assertEquals(0, idle.size());
        assertEquals(10, busy.size());
        busy.discard();
        assertEquals(0, shared.used(), "a discarded history gives its bytes back");
    }

    @Test
    void aRemovedRoomGivesItsBytesBack() {
        server("");
        FakeClient talker = join("den", "talker", "");
        fill(talker, "den", 3);
        assertTrue(historyBytes() >= 3 * 16 * 1024);
        talker.close();
        assertEquals(0, historyBytes());
    }

    @Test
    void beyondMaxRoomsANewRoomIsRefusedWithServerFull() {
        server(",\"max_rooms\":3"); // the default room is one of them
        join("one", "a", "");
        join("two", "b", "");
        FakeClient refused = join("three", "c", "");
        JsonObject error = refused.connection().takeJson().stream()
                .filter(f -> "Error".equals(f.getString("msgType"))).findFirst().orElseThrow();
        assertEquals("server_full", error.getString("code"));
        assertEquals(List.of(), server.members("three"));
        join("one", "d", ""); // existing rooms still take members
        assertEquals(List.of("a", "d"), server.members("one"));
    }

    @Test
    void theDefaultBudgetsAreSharesOfTheMaxHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(heap / 100 * 25, Limits.DEFAULTS.historyBytesTotal());
        assertEquals(heap / 100 * 2, Limits.DEFAULTS.historyBytesPerRoom());
    }

    @Test
    void aRoomCannotBeGivenMoreThanAllRoomsTogether() {
        ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());
        Exception refused = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> loader.parse(
                "{\"limits\":{\"history_bytes_total\":1048576,\"history_bytes_per_room\":2097152}}", "test",
                Path.of(".")));
        assertTrue(refused.getMessage().contains("limits.history_bytes_per_room"), refused.getMessage());
        try {
            Limits small = loader.parse("{\"limits\":{\"history_bytes_total\":1048576}}", "test", Path.of("."))
                    .limits();
            assertEquals(Math.min(1048576, Limits.DEFAULTS.historyBytesPerRoom()), small.historyBytesPerRoom(),
                    "the derived per-room share never exceeds a configured total");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ServerFrame.Broadcast big(long id) {
        return new ServerFrame.Broadcast(id, "den", id, "someone", BIG);
    }
}
