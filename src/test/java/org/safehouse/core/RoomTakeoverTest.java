package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/** A room cannot be taken over: no silent landing in a passwordless namesake, one room per folded name. */
class RoomTakeoverTest {
    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    final ChatServer server = server("{\"rooms\":[{\"name\":\"vault\",\"password\":\"right horse\"},"
            + "{\"name\":\"Den\"}]}");

    ChatServer server(String json) {
        try {
            SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).parse(json, "test", Path.of("."));
            return new ChatServer(config, new InMemoryBroker(), new Argon2PasswordHasher(), clock);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    RecordingConnection client(ChatSession[] session, String address) {
        RecordingConnection recording = new RecordingConnection(address);
        session[0] = server.open(recording, false);
        recording.take();
        return recording;
    }

    ChatSession lastSession;

    /** Opens a connection, sends one Join, returns the one answer; the session is kept in {@link #lastSession}. */
    JsonObject joinOnce(String address, String room, String nick, String password) {
        ChatSession[] session = new ChatSession[1];
        RecordingConnection recording = client(session, address);
        server.receive(session[0], PasswordQueueTest.join(room, nick, password));
        lastSession = session[0];
        List<JsonObject> frames = recording.takeJson();
        assertEquals(1, frames.size(), frames::toString);
        return frames.get(0);
    }

    @Test
    void aPasswordPresentedToARoomWithoutOneIsRefusedConfigRoomsIncluded() {
        JsonObject refused = joinOnce("10.0.0.1", "Den", "ann", "right horse");
        assertEquals("no_password_expected", refused.getString("code"));
        assertEquals("Den", refused.getString("room"));
        assertEquals(List.of(), server.members("Den"), "not joined");
        JsonObject joined = joinOnce("10.0.0.1", "Den", "ann", null);
        assertFalse(joined.getBoolean("password"), "Joined says the room has no password");
    }

    @Test
    void aSquattersPasswordlessRoomIsNeverJoinedWithTheRealPassword() {
        assertEquals("Joined", joinOnce("10.0.0.1", "attic", "ann", "s3cret").getString("msgType"));
        server.closed(lastSession);
        assertEquals(List.of(), server.members("attic"), "in-memory history: the room vanished with ann");
        assertEquals("Joined", joinOnce("10.6.6.6", "attic", "squatter", null).getString("msgType"));
        JsonObject back = joinOnce("10.0.0.1", "Attic", "ann", "s3cret");
        assertEquals("no_password_expected", back.getString("code"), "ann's page reconnecting is warned, not joined");
        assertEquals(List.of("squatter"), server.members("attic"));
    }

    @Test
    void joinedSaysTheRoomHasAPassword() {
        assertTrue(joinOnce("10.0.0.1", "vault", "ann", "right horse").getBoolean("password"));
    }

    @Test
    void fullWidthDenIsDensRoom() {
        assertEquals("Joined", joinOnce("10.0.0.1", "Den", "ann", null).getString("msgType"));
        JsonObject joined = joinOnce("10.0.0.2", "ｄｅｎ", "bob", null);
        assertEquals("Den", joined.getString("room"), "one room under NFKC and case folding");
        assertEquals(List.of("ann", "bob"), server.members("den"));
    }
}
