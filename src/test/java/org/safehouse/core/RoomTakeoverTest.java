package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;

/** A room cannot be taken over: no silent landing in a passwordless namesake, one room per folded name. */
class RoomTakeoverTest {
    final ChatHarness harness = ChatHarness.start("{\"rooms\":[{\"name\":\"vault\",\"password\":\"right horse\"},"
            + "{\"name\":\"Den\"}]}");
    final ChatServer server = harness.server();
    FakeClient last;

    /** Opens a connection, sends one Join, returns the one answer; the connection is kept in {@link #last}. */
    JsonObject joinOnce(String address, String room, String nick, String password) {
        last = harness.connect(address);
        List<JsonObject> frames = last.join(room, nick, password);
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
        last.close();
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
