package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.safehouse.testing.WsTestClient;

/**
 * What the cluster ITs say to a node, over a real socket: join (or resume with since and epoch), send with a client id
 * and wait for its Ack, and collect the room's messages a client received, to compare ids across nodes.
 */
final class ClusterChat {
    private ClusterChat() {
    }

    /** Connects to {@code chat} and joins {@code room} without a password; returns the client and its Joined. */
    static Joined join(URI chat, String room, String nick) {
        WsTestClient client = WsTestClient.connect(chat);
        return new Joined(client, client.joinAndWait(room, nick, null));
    }

    /** Connects and joins resuming after {@code since} in {@code epoch}; the Joined carries {@code recovered}. */
    static Joined resume(URI chat, String room, String nick, String since, String epoch) {
        Joined answer = tryResume(chat, room, nick, since, epoch);
        assertEquals("Joined", WsTestClient.type(answer.frame()), answer.frame().toString());
        return answer;
    }

    /**
     * As {@link #resume}, asking again while the answer is {@code name_taken} (the nickname is still held by the
     * client's lost connection on a dead node, until the cluster notices that node is gone), as the page does.
     */
    static Joined resumeOnceTheNameIsFree(URI chat, String room, String nick, String since, String epoch,
                                         Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Joined answer = tryResume(chat, room, nick, since, epoch);
            if (!"name_taken".equals(answer.frame().getString("code", null)) || System.nanoTime() > deadline) {
                assertEquals("Joined", WsTestClient.type(answer.frame()), answer.frame().toString());
                return answer;
            }
            answer.client().close();
            pause(100);
        }
    }

    private static Joined tryResume(URI chat, String room, String nick, String since, String epoch) {
        WsTestClient client = WsTestClient.connect(chat);
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("password", JsonValue.NULL).add("since", since).add("epoch", epoch)
                .build().toString());
        return new Joined(client, client.await(f -> ("Joined".equals(WsTestClient.type(f))
                || "Error".equals(WsTestClient.type(f))) && room.equals(f.getString("room", null))));
    }

    /** Polling something the test does not control (a node, a reconnect), always under the caller's deadline. */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Broadcasts {@code text} with {@code clientMsgId} and waits for its Ack; returns the message's id. */
    static String send(WsTestClient client, String room, String text, String clientMsgId) {
        client.send(Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text)
                .add("clientMsgId", clientMsgId).build().toString());
        JsonObject ack = client.await(f -> "Ack".equals(WsTestClient.type(f))
                && clientMsgId.equals(f.getString("clientMsgId", null)));
        return ack.getString("id");
    }

    /** Waits for the room's Broadcast with this text; returns its id. */
    static String received(WsTestClient client, String room, String text) {
        return client.await(f -> "Broadcast".equals(WsTestClient.type(f)) && room.equals(f.getString("room", null))
                && text.equals(f.getString("text", null))).getString("id");
    }

    /** Ids of the messages a Joined's history carried, in order. */
    static List<String> historyIds(JsonObject joined) {
        List<String> ids = new ArrayList<>();
        for (JsonValue message : joined.getJsonArray("history")) {
            ids.add(message.asJsonObject().getString("id"));
        }
        return ids;
    }

    /** Texts of the messages a Joined's history carried, in order. */
    static List<String> historyTexts(JsonObject joined) {
        List<String> texts = new ArrayList<>();
        for (JsonValue message : joined.getJsonArray("history")) {
            texts.add(message.asJsonObject().getString("text"));
        }
        return texts;
    }

    /** The room's member list as a Joined gave it, applying the Presence frames that follow until it is {@code expected}. */
    static Set<String> awaitMembers(Joined joined, String room, Set<String> expected) {
        Set<String> users = new TreeSet<>(joined.frame().getJsonArray("users").getValuesAs(
                jakarta.json.JsonString::getString));
        Set<String> now = joined.client().awaitMembers(room, users, expected);
        assertEquals(new TreeSet<>(expected), now);
        return now;
    }

    /** Ids are decimal snowflakes: compares two as numbers. */
    static void assertAfter(String earlier, String later) {
        assertTrue(Long.parseLong(later) > Long.parseLong(earlier), later + " comes after " + earlier);
    }

    /** A client and the Joined that answered its join. */
    record Joined(WsTestClient client, JsonObject frame) {
        String epoch() {
            return frame.getString("epoch");
        }
    }
}
