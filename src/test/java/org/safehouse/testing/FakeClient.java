package org.safehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ChatSession;
import org.safehouse.protocol.CloseCode;

/**
 * One connection to a {@link ChatHarness}'s core: sends client frames as text and reads what the server recorded
 * for it. Reading takes frames: each server frame is seen once.
 */
public final class FakeClient {
    private final ChatServer server;
    private final RecordingConnection connection;
    private final ChatSession session;

    FakeClient(ChatServer server, RecordingConnection connection, ChatSession session) {
        this.server = server;
        this.connection = connection;
        this.session = session;
    }

    public RecordingConnection connection() {
        return connection;
    }

    public ChatSession session() {
        return session;
    }

    /** One text frame from this client, as the transport would hand it over. */
    public void send(String text) {
        server.receive(session, text);
    }

    /** Every frame recorded so far, as text. */
    public List<String> take() {
        return connection.take();
    }

    /** Every frame recorded so far, parsed. */
    public List<JsonObject> takeJson() {
        return connection.takeJson();
    }

    /** The one frame recorded since the last take; fails if there are none or more. */
    public JsonObject only() {
        List<JsonObject> frames = connection.takeJson();
        assertEquals(1, frames.size(), () -> "expected one frame, got " + frames);
        return frames.get(0);
    }

    /** The first of the frames recorded so far, which must be of this msgType; the others are dropped. */
    public JsonObject expect(String msgType) {
        List<JsonObject> frames = connection.takeJson();
        assertFalse(frames.isEmpty(), () -> "expected a " + msgType + ", got nothing");
        assertEquals(msgType, frames.get(0).getString("msgType", null), frames::toString);
        return frames.get(0);
    }

    /** Waits (bounded) for a frame that matches, as a store's writer thread may send it later. */
    public JsonObject await(Predicate<JsonObject> wanted) throws InterruptedException {
        return connection.awaitJson(wanted, new ArrayList<>());
    }

    /** Sends a Join without a password; returns every frame that answered it. */
    public List<JsonObject> join(String room, String nick) {
        send(ClientFrames.join(room, nick));
        return connection.takeJson();
    }

    /** Sends a Join with this password ({@code null} as JSON null); returns every frame that answered it. */
    public List<JsonObject> join(String room, String nick, String password) {
        send(ClientFrames.join(room, nick, password));
        return connection.takeJson();
    }

    /** Joins (password null) and checks that the answer ends with Joined; drops what was answered. */
    public void expectJoined(String room, String nick) {
        send(ClientFrames.join(room, nick, null));
        List<String> frames = connection.take();
        assertFalse(frames.isEmpty(), "no answer to the Join of " + nick);
        String last = frames.get(frames.size() - 1);
        assertEquals("Joined", WsTestClient.type(WsTestClient.parse(last)), frames::toString);
    }

    /** Sends a Join with these keys; returns the challenge the server answered with. */
    public String requestChallenge(String room, String nick, TestIdentity keys) {
        send(ClientFrames.joinWithKeys(room, nick, keys));
        return expect("Challenge").getString("challenge");
    }

    /** Sends a Join with this keys object (a person's device); returns every frame that answered it. */
    public List<JsonObject> joinWithKeys(String room, String nick, JsonObject keys) {
        send(ClientFrames.joinWithKeys(room, nick, keys));
        return connection.takeJson();
    }

    /**
     * Joins as {@code device} with this keys object (its own keys and a person's identity) and signs the challenge;
     * returns the frames that followed the proof, Joined first.
     */
    public List<JsonObject> joinProven(String room, String nick, TestIdentity device, JsonObject keys) {
        send(ClientFrames.joinWithKeys(room, nick, keys));
        String challenge = expect("Challenge").getString("challenge");
        List<JsonObject> frames = prove(room, device.sign(challenge, room, nick));
        assertEquals("Joined", frames.get(0).getString("msgType"), frames::toString);
        return frames;
    }

    /** Sends a Prove with this signature; returns every frame that answered it. */
    public List<JsonObject> prove(String room, String signature) {
        send(ClientFrames.prove(room, signature));
        return connection.takeJson();
    }

    /** Joins with keys and signs the challenge; returns the frames that followed the proof, Joined first. */
    public List<JsonObject> joinProven(String room, String nick, TestIdentity keys) {
        String challenge = requestChallenge(room, nick, keys);
        List<JsonObject> frames = prove(room, keys.sign(challenge, room, nick));
        assertEquals("Joined", frames.get(0).getString("msgType"), frames::toString);
        return frames;
    }

    public void leave(String room) {
        send(ClientFrames.leave(room));
    }

    /** The close code the server closed this connection with, or null while it is open. */
    public CloseCode closedWith() {
        return connection.closedWith();
    }

    /** The connection is gone, as the transport reports it. */
    public void close() {
        server.closed(session);
    }
}
