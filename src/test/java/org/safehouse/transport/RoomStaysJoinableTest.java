package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.WsTestClient;

/**
 * One member must not be able to make a room unjoinable: history whose JSON outgrows a connection's outbound queue
 * (limits.outbound_queue_bytes) once closed every later join with 4002. Over real sockets, on Tyrus, with a queue of
 * 512 KiB (so a page of 50 messages of 4096 four-byte characters, 800 KiB, does not fit in one frame).
 */
class RoomStaysJoinableTest {
    private static final int QUEUE_BYTES = 512 * 1024;
    private static final String EMOJI = new String(Character.toChars(0x1F600));

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"limits": {"outbound_queue_bytes": %d, "messages_per_second": 1000, "message_burst": 1000,
                        "presence_interval_ms": 20}}
            """.formatted(QUEUE_BYTES));

    private static URI chat() {
        return TYRUS.uri("/chat");
    }

    /** Broadcasts {@code count} messages with a clientMsgId each and waits for every Ack (or the refusal). */
    private static List<JsonObject> send(WsTestClient client, String room, String text, int count) {
        List<JsonObject> answers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            client.send(Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text)
                    .add("clientMsgId", "m" + i).build().toString());
            answers.add(client.await(f -> "Ack".equals(WsTestClient.type(f)) || "Error".equals(WsTestClient.type(f))));
        }
        return answers;
    }

    @Test
    void controlCharactersThatEscapeToSixBytesAreRefusedAndTheRoomStaysJoinable() {
        String room = "control-flood";
        try (WsTestClient mallory = WsTestClient.connect(chat())) {
            mallory.joinAndWait(room, "mallory", null);
            List<JsonObject> answers = send(mallory, room, "\u0001".repeat(4096), 50);
            for (JsonObject answer : answers) {
                assertEquals("Error", WsTestClient.type(answer), answer.toString());
                assertEquals("bad_text", answer.getString("code"));
            }
            try (WsTestClient newcomer = WsTestClient.connect(chat())) {
                JsonObject joined = newcomer.joinAndWait(room, "newcomer", null);
                assertEquals(List.of(), joined.getJsonArray("history"));
                assertEquals("still-here", newcomer.pingPong("still-here").getString("token"));
            }
        }
    }

    @Test
    void historyLargerThanTheQueueArrivesInFramesThatFitAndTheRestPagesIn() {
        String room = "emoji-flood";
        String text = EMOJI.repeat(4096);
        try (WsTestClient mallory = WsTestClient.connect(chat())) {
            mallory.joinAndWait(room, "mallory", null);
            for (JsonObject answer : send(mallory, room, text, 50)) {
                assertEquals("Ack", WsTestClient.type(answer), answer.toString());
            }
            for (int attempt = 0; attempt < 3; attempt++) { // joinable again and again, not only once
                try (WsTestClient newcomer = WsTestClient.connect(chat())) {
                    JsonObject joined = newcomer.joinAndWait(room, "newcomer", null);
                    int shown = joined.getJsonArray("history").size();
                    assertTrue(shown > 0 && shown < 50, "the Joined frame carries what fits: " + shown);
                    assertTrue(joined.getBoolean("hasMore"));
                    int total = shown;
                    String oldest = joined.getJsonArray("history").getJsonObject(0).getString("id");
                    boolean more = true;
                    while (more) { // paging back as the page does, each answer small enough for the queue
                        newcomer.send(Json.createObjectBuilder().add("msgType", "History").add("room", room)
                                .add("before", oldest).add("limit", 50).build().toString());
                        JsonObject page = newcomer.awaitType("History");
                        int size = page.getJsonArray("messages").size();
                        assertTrue(size > 0, page.getJsonArray("messages").size() + " messages");
                        total += size;
                        oldest = page.getJsonArray("messages").getJsonObject(0).getString("id");
                        more = page.getBoolean("hasMore");
                    }
                    assertEquals(50, total, "every message reachable");
                    assertEquals("open", newcomer.pingPong("open").getString("token"));
                }
            }
        }
    }

    @Test
    void aResumeLargerThanTheQueueArrivesWholeAcrossFrames() {
        String room = "emoji-resume";
        String text = EMOJI.repeat(4096);
        try (WsTestClient mallory = WsTestClient.connect(chat())) {
            JsonObject first = mallory.joinAndWait(room, "mallory", null);
            mallory.broadcast(room, "before the flood");
            String since = mallory.awaitType("Broadcast").getString("id");
            for (JsonObject answer : send(mallory, room, text, 120)) {
                assertEquals("Ack", WsTestClient.type(answer), answer.toString());
            }
            try (WsTestClient returning = WsTestClient.connect(chat())) {
                returning.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1)
                        .add("room", room).add("nick", "returning").add("since", since)
                        .add("epoch", first.getString("epoch")).build().toString());
                JsonObject joined = returning.awaitType("Joined");
                assertTrue(joined.getBoolean("recovered"));
                List<String> ids = new ArrayList<>();
                joined.getJsonArray("history").forEach(m -> ids.add(m.asJsonObject().getString("id")));
                boolean fetching = false; // after a continueAfter, the client pages on by itself
                boolean more = true;
                int fetches = 0;
                while (more) {
                    JsonObject page = returning.awaitType("History");
                    page.getJsonArray("messages").forEach(m -> ids.add(m.asJsonObject().getString("id")));
                    if (page.containsKey("continueAfter")) {
                        assertEquals(ids.get(ids.size() - 1), page.getString("continueAfter"));
                        fetching = true;
                    }
                    more = page.getBoolean("hasMore");
                    if (more && fetching) {
                        fetches++;
                        returning.send(Json.createObjectBuilder().add("msgType", "History").add("room", room)
                                .add("after", ids.get(ids.size() - 1)).build().toString());
                    }
                }
                assertTrue(fetching && fetches > 0, "120 messages of 16 KiB do not fit one reply: the rest is fetched");
                assertEquals(120, ids.size());
                assertEquals(120, ids.stream().distinct().count(), "no duplicates");
                assertEquals("open", returning.pingPong("open").getString("token"));
            }
        }
    }
}
