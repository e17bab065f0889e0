package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.storage.SqliteServers.awaitAck;
import static org.safehouse.storage.SqliteServers.join;
import static org.safehouse.storage.SqliteServers.say;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.storage.SqliteServers.Client;

/**
 * A history rebuilt from SQLite at start knows where its window begins: a client that last saw a message which
 * left the window before the restart is told {@code recovered: false} after it, exactly as before it.
 */
class SqliteHistoryWindowTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    void restart(ChatServer server) {
        sqlite.stop(server);
    }

    /** Sends {@code text} and returns the id the server gave it, once it is durable. */
    static String sayDurably(Client client, String text) throws InterruptedException {
        return awaitAck(client, say(client, "den", text, "c-" + text), new ArrayList<>()).getString("id");
    }

    /** A resuming join of a fresh client that last saw {@code since} in {@code epoch}: its Joined frame. */
    static JsonObject resume(ChatServer server, String nick, String since, String epoch) {
        Client client = join(server, "den", nick, ",\"since\":\"" + since + "\",\"epoch\":\"" + epoch + "\"");
        JsonObject joined = joined(client);
        server.closed(client.session());
        return joined;
    }

    static JsonObject joined(Client client) {
        return client.connection().takeJson().stream()
                .filter(f -> "Joined".equals(f.getString("msgType"))).findFirst().orElseThrow();
    }

    static List<String> texts(JsonObject joined) {
        return joined.getJsonArray("history").stream().map(JsonValue::asJsonObject)
                .map(m -> m.getString("text")).toList();
    }

    @Test
    void aResumeFromBeforeTheWindowIsNotRecoveredAfterARestartEither() throws Exception {
        ChatServer first = sqlite.startDen(",\"history_messages\":5");
        Client alice = join(first, "den", "alice", "");
        String epoch = joined(alice).getString("epoch");
        Client bob = join(first, "den", "bob", "");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(sayDurably(alice, "m" + i));
        }
        first.closed(bob.session()); // bob drops, having seen m2
        for (int i = 3; i < 9; i++) {
            ids.add(sayDurably(alice, "m" + i)); // six more: m3 leaves the window of five too
        }
        JsonObject before = resume(first, "bob", ids.get(2), epoch);
        assertFalse(before.getBoolean("recovered"), "before the restart: m3 is gone, and bob is told");
        restart(first);

        ChatServer second = sqlite.startDen(",\"history_messages\":5");
        JsonObject gap = resume(second, "bob", ids.get(2), epoch);
        assertEquals(epoch, gap.getString("epoch"), "the same history, not a reset");
        assertFalse(gap.getBoolean("recovered"), "after the restart too: m3 was deleted before it");
        assertEquals(List.of("m4", "m5", "m6", "m7", "m8"), texts(gap), "what remains, with the gap said");

        JsonObject fromEvicted = resume(second, "carol", ids.get(3), epoch);
        assertTrue(fromEvicted.getBoolean("recovered"), "having seen m3 itself, nothing after it is missing");
        assertEquals(List.of("m4", "m5", "m6", "m7", "m8"), texts(fromEvicted));
        JsonObject within = resume(second, "dave", ids.get(6), epoch);
        assertTrue(within.getBoolean("recovered"), "a resume inside the window is complete");
        assertEquals(List.of("m7", "m8"), texts(within));
    }

    @Test
    void messagesDeletedForTheirAgeStillMarkTheWindowAfterARestart() throws Exception {
        ChatServer first = sqlite.startDen(",\"history_max_age_seconds\":3600");
        Client alice = join(first, "den", "alice", "");
        String epoch = joined(alice).getString("epoch");
        String seen = sayDurably(alice, "seen-by-bob");
        sayDurably(alice, "missed-by-bob");
        sqlite.clock.advance(3_600_000 + 61_000); // both expire; the next commit sweeps them from the file
        sayDurably(alice, "recent");
        restart(first);

        ChatServer second = sqlite.startDen(",\"history_max_age_seconds\":3600");
        JsonObject gap = resume(second, "bob", seen, epoch);
        assertFalse(gap.getBoolean("recovered"), "missed-by-bob expired before the restart");
        assertEquals(List.of("recent"), texts(gap));
    }

    @Test
    void aLowerCountLimitAfterARestartMarksTheMessagesItLeavesOut() throws Exception {
        ChatServer first = sqlite.startDen(",\"history_messages\":10");
        Client alice = join(first, "den", "alice", "");
        String epoch = joined(alice).getString("epoch");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(sayDurably(alice, "m" + i));
        }
        restart(first);

        ChatServer second = sqlite.startDen(",\"history_messages\":3"); // m0..m2 are stored but not loaded
        assertFalse(resume(second, "bob", ids.get(1), epoch).getBoolean("recovered"));
        assertTrue(resume(second, "carol", ids.get(2), epoch).getBoolean("recovered"));
    }
}
