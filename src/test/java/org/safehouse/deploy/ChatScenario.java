package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import org.safehouse.testing.WsTestClient;

/**
 * The conversation every deployment must carry, over one WebSocket base URL (ws:// or wss://): two people join a
 * room, one broadcasts, one whispers, a mistake earns an Error frame while the connection stays usable, and a
 * browser from a foreign origin is refused with close 1008.
 */
public final class ChatScenario {
    private ChatScenario() {
    }

    /**
     * @param chat   the {@code /chat} endpoint, e.g. {@code wss://127.0.0.1:8443/safehouse/chat}
     * @param client carries the WebSockets (trusting the test certificate for wss://)
     * @param room   a room name of its own, so runs over ws:// and wss:// do not meet
     */
    public static void run(URI chat, HttpClient client, String room) {
        try (WsTestClient alice = WsTestClient.connect(chat, null, client);
             WsTestClient bob = WsTestClient.connect(chat, pageOrigin(chat), client)) {
            JsonObject hello = alice.awaitType("Hello");
            assertEquals("Hello", WsTestClient.type(hello));
            alice.joinAndWait(room, "alice", null);
            JsonObject joined = bob.joinAndWait(room, "bob", null);
            assertEquals(List.of("alice", "bob"), joined.getJsonArray("users").getValuesAs(
                    jakarta.json.JsonString::getString).stream().sorted().toList());

            alice.broadcast(room, "hello from " + chat.getScheme());
            for (WsTestClient member : List.of(alice, bob)) {
                JsonObject broadcast = member.awaitType("Broadcast");
                assertEquals("alice", broadcast.getString("SrcUser"));
                assertEquals("hello from " + chat.getScheme(), broadcast.getString("text"));
                assertEquals(room, broadcast.getString("room"));
            }

            alice.privateMessage(room, "bob", "psst");
            JsonObject whisper = bob.awaitType("PrivateMessage");
            assertEquals("alice", whisper.getString("SrcUser"));
            assertEquals("psst", whisper.getString("text"));
            JsonObject copy = alice.awaitType("PrivateMessage");
            assertEquals("bob", copy.getString("TgtUser"));

            alice.privateMessage(room, "nobody", "hello?");
            JsonObject error = alice.awaitError("unknown_recipient");
            assertEquals(room, error.getString("room"));
            alice.broadcast(room, "still here");
            assertEquals("still here", bob.awaitType("Broadcast").getString("text"));
        }

        try (WsTestClient foreign = WsTestClient.connect(chat, "https://evil.example", client)) {
            assertEquals(1008, foreign.awaitClose());
        }
    }

    /** The origin of a page served by the same server, as a browser would send it. */
    private static String pageOrigin(URI chat) {
        String scheme = chat.getScheme().equals("wss") ? "https" : "http";
        return scheme + "://" + chat.getHost() + ":" + chat.getPort();
    }
}
