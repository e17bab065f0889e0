package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;

/** Room history, paging, resume and idempotent sends, driven through the core with recording connections. */
class HistoryTest {
    ChatHarness harness;
    MutableClock clock;
    ChatServer server;

    HistoryTest() {
        server("{\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000}}");
    }

    /** Replaces the core with one of this configuration, on a clock of its own. */
    void server(String json) {
        harness = ChatHarness.start(json);
        clock = harness.clock();
        server = harness.server();
    }

    FakeClient connect() {
        return harness.connect("10.0.0.1");
    }

    /** Joins and returns the Joined frame followed by any History frames that continue it. */
    List<JsonObject> join(FakeClient client, String nick, String extra) {
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"" + nick
                + "\"" + extra + "}");
        return client.connection().takeJson();
    }

    List<String> say(FakeClient client, int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clock.advance(1);
            server.receive(client.session(),
                    "{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"" + prefix + i + "\"}");
        }
        for (JsonObject frame : client.connection().takeJson()) {
            if ("Broadcast".equals(frame.getString("msgType"))) {
                ids.add(frame.getString("id"));
            }
        }
        return ids;
    }

    static List<String> texts(JsonArray messages) {
        List<String> texts = new ArrayList<>();
        for (JsonValue message : messages) {
            texts.add(message.asJsonObject().getString("text"));
        }
        return texts;
    }

    JsonObject page(FakeClient client, String bounds) {
        server.receive(client.session(), "{\"msgType\":\"History\",\"room\":\"lobby\"" + bounds + "}");
        List<JsonObject> frames = client.connection().takeJson();
        assertEquals(1, frames.size(), frames::toString);
        return frames.get(0);
    }

    @Test
    void anEmptyRoomHasAnEmptyHistory() {
        JsonObject joined = join(connect(), "ann", "").get(0);
        assertEquals(0, joined.getJsonArray("history").size());
        assertFalse(joined.getBoolean("hasMore"));
        assertFalse(joined.containsKey("recovered"));
        assertFalse(joined.getString("epoch").isEmpty());
    }

    @Test
    void joiningShowsTheNewestPageOldestFirst() {
        FakeClient talker = connect();
        join(talker, "talker", "");
        say(talker, 50, "m");
        JsonObject exactlyOnePage = join(connect(), "ann", "").get(0);
        assertEquals(50, exactlyOnePage.getJsonArray("history").size());
        assertFalse(exactlyOnePage.getBoolean("hasMore"));
        say(talker, 1, "n");
        JsonObject joined = join(connect(), "bob", "").get(0);
        List<String> texts = texts(joined.getJsonArray("history"));
        assertEquals("m1", texts.get(0));
        assertEquals("n0", texts.get(49));
        assertTrue(joined.getBoolean("hasMore"));
    }

    @Test
    void pagesHaveExclusiveBoundsAscendingOrderAndAHasMoreFlag() {
        FakeClient talker = connect();
        join(talker, "talker", "");
        List<String> ids = say(talker, 10, "m");
        JsonObject before = page(talker, ",\"before\":\"" + ids.get(5) + "\",\"limit\":3");
        assertEquals(List.of("m2", "m3", "m4"), texts(before.getJsonArray("messages")));
        assertTrue(before.getBoolean("hasMore"));
        JsonObject oldest = page(talker, ",\"before\":\"" + ids.get(2) + "\",\"limit\":3");
        assertEquals(List.of("m0", "m1"), texts(oldest.getJsonArray("messages")));
        assertFalse(oldest.getBoolean("hasMore"));
        JsonObject after = page(talker, ",\"after\":\"" + ids.get(5) + "\",\"limit\":3");
        assertEquals(List.of("m6", "m7", "m8"), texts(after.getJsonArray("messages")));
        assertTrue(after.getBoolean("hasMore"));
        JsonObject newest = page(talker, ",\"after\":\"" + ids.get(8) + "\"");
        assertEquals(List.of("m9"), texts(newest.getJsonArray("messages")));
        assertFalse(newest.getBoolean("hasMore"));
        // an id that was never issued is still a bound: ids are time-ordered
        long between = Long.parseLong(ids.get(3)) + 1;
        assertEquals(List.of("m4", "m5"), texts(page(talker, ",\"after\":\"" + between + "\",\"limit\":2")
                .getJsonArray("messages")));
        assertEquals("bad_field", page(talker, ",\"after\":\"x\"").getString("code"));
        assertEquals("bad_field", page(talker, ",\"before\":\"1\",\"after\":\"2\"").getString("code"));
        assertEquals("bad_field", page(talker, ",\"limit\":101").getString("code"));
    }

    @Test
    void resumingSendsEverythingMissedInOrderThenLiveWithNoGapOrDuplicate() {
        FakeClient talker = connect();
        join(talker, "talker", "");
        FakeClient reader = connect();
        String epoch = join(reader, "reader", "").get(0).getString("epoch");
        List<String> seen = say(talker, 5, "before");
        server.closed(reader.session()); // the connection drops
        say(talker, 230, "missed");
        FakeClient back = connect();
        List<JsonObject> frames = join(back, "reader",
                ",\"since\":\"" + seen.get(4) + "\",\"epoch\":\"" + epoch + "\"");
        JsonObject joined = frames.get(0);
        assertTrue(joined.getBoolean("recovered"));
        List<String> recovered = new ArrayList<>(texts(joined.getJsonArray("history")));
        for (JsonObject more : frames.subList(1, frames.size())) {
            assertEquals("History", more.getString("msgType"));
            recovered.addAll(texts(more.getJsonArray("messages")));
        }
        assertEquals(3, frames.size(), "100 + 100 + 30");
        assertFalse(frames.get(2).getBoolean("hasMore"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            expected.add("missed" + i);
        }
        assertEquals(expected, recovered);
        say(talker, 1, "live");
        assertEquals("live0", back.connection().takeJson().get(0).getString("text"));
    }

    @Test
    void resumingFromAnIdThatLeftTheWindowSaysSoAndCarriesWhatRemains() {
        server("{\"limits\":{\"history_messages\":10,\"messages_per_second\":1000,\"message_burst\":1000}}");
        FakeClient talker = connect();
        String epoch = join(talker, "talker", "").get(0).getString("epoch");
        List<String> ids = say(talker, 15, "m");
        JsonObject joined = join(connect(), "late", ",\"since\":\"" + ids.get(1) + "\",\"epoch\":\"" + epoch + "\"")
                .get(0);
        assertFalse(joined.getBoolean("recovered"));
        assertEquals(10, joined.getJsonArray("history").size());
        assertEquals("m5", texts(joined.getJsonArray("history")).get(0));
        JsonObject fine = join(connect(), "ok", ",\"since\":\"" + ids.get(4) + "\",\"epoch\":\"" + epoch + "\"").get(0);
        assertTrue(fine.getBoolean("recovered"), "m5..m14 are all still there");
    }

    @Test
    void aNewEpochTellsTheClientItsHistoryWasReset() {
        FakeClient talker = connect();
        join(talker, "talker", "");
        List<String> ids = say(talker, 3, "m");
        JsonObject joined = join(connect(), "back", ",\"since\":\"" + ids.get(2) + "\",\"epoch\":\"old-epoch\"").get(0);
        assertFalse(joined.getBoolean("recovered"));
        assertEquals(List.of("m0", "m1", "m2"), texts(joined.getJsonArray("history")));
    }

    @Test
    void aResendWithTheSameClientIdIsAcceptedOnceAndAcknowledgedAgain() {
        FakeClient sender = connect();
        join(sender, "sender", "");
        FakeClient other = connect();
        join(other, "other", "");
        String frame = "{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"once\",\"clientMsgId\":\"c-1\"}";
        server.receive(sender.session(), frame);
        List<JsonObject> first = sender.connection().takeJson();
        assertEquals("Broadcast", first.get(0).getString("msgType"));
        JsonObject ack = first.get(1);
        assertEquals("Ack", ack.getString("msgType"));
        assertEquals("c-1", ack.getString("clientMsgId"));
        assertEquals(first.get(0).getString("id"), ack.getString("id"));
        server.closed(sender.session());
        FakeClient again = connect();
        join(again, "sender", "");
        server.receive(again.session(), frame);
        assertEquals(List.of(ack), again.connection().takeJson(), "same ack, no second delivery");
        assertEquals(1, other.connection().takeJson().stream()
                .filter(f -> "Broadcast".equals(f.getString("msgType"))).count());
        // another sender's identical client id is another message
        server.receive(other.session(), frame);
        assertEquals(2, other.connection().takeJson().size(), "its Broadcast and its Ack");
    }

    @Test
    void messagesOlderThanTheAgeLimitLeaveTheHistory() {
        server("{\"limits\":{\"history_max_age_seconds\":60}}");
        FakeClient talker = connect();
        join(talker, "talker", "");
        say(talker, 2, "old");
        clock.advance(61_000);
        say(talker, 1, "new");
        harness.tick();
        assertEquals(List.of("new0"), texts(join(connect(), "ann", "").get(0).getJsonArray("history")));
    }

    @Test
    void manySendersOnOtherThreadsWhileAClientResumesLoseNothingAndDoubleNothing() throws Exception {
        int senders = 4;
        // 800 messages, fewer than the 1,000 the room keeps: however late the resume lands among the sends, every
        // message since its cursor is still in history, so anything missing is a seam bug, not an eviction.
        int each = 200;
        List<FakeClient> talkers = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            FakeClient talker = connect();
            join(talker, "t" + t, "");
            talkers.add(talker);
        }
        FakeClient reader = connect();
        String epoch = join(reader, "reader", "").get(0).getString("epoch");
        List<String> before = say(talkers.get(0), 3, "warmup");
        server.closed(reader.session());

        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            FakeClient talker = talkers.get(t);
            int sender = t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    server.receive(talker.session(), "{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"s"
                            + sender + ":" + i + "\"}");
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        FakeClient back = connect(); // resumes while the senders are mid-flight
        server.receive(back.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"reader\","
                + "\"since\":\"" + before.get(2) + "\",\"epoch\":\"" + epoch + "\"}");
        for (Thread thread : threads) {
            thread.join(30_000);
            assertFalse(thread.isAlive());
        }
        List<String> received = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonObject frame : back.connection().takeJson()) {
            String type = frame.getString("msgType");
            JsonArray messages = "Joined".equals(type) ? frame.getJsonArray("history")
                    : "History".equals(type) ? frame.getJsonArray("messages") : null;
            if (messages != null) {
                for (JsonValue message : messages) {
                    received.add(message.asJsonObject().getString("text"));
                    ids.add(message.asJsonObject().getString("id"));
                }
            } else if ("Broadcast".equals(type)) {
                received.add(frame.getString("text"));
                ids.add(frame.getString("id"));
            }
        }
        assertEquals(senders * each, received.size(), "everything, recovered or live");
        assertEquals(received.size(), new java.util.HashSet<>(ids).size(), "no duplicate at the seam");
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(Long.parseLong(ids.get(i - 1)) < Long.parseLong(ids.get(i)), "in id order");
        }
        int[] next = new int[senders];
        for (String text : received) {
            String[] parts = text.substring(1).split(":");
            assertEquals(next[Integer.parseInt(parts[0])]++, Integer.parseInt(parts[1]), "each sender in order");
        }
    }
}
