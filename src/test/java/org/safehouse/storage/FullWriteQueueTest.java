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
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.storage.SqliteServers.Client;

/**
 * When the disk falls behind and the history store's write queue is full, a new message is refused with
 * {@code server_busy} (and its client id) instead of blocking the sender's thread: it is neither delivered nor kept.
 * Every message acknowledged before is kept.
 */
class FullWriteQueueTest {
    static final int MAX_TASKS = 4;

    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    static List<String> texts(List<JsonObject> frames, String type) {
        return frames.stream().filter(f -> type.equals(f.getString("msgType"))).map(f -> f.getString("text"))
                .toList();
    }

    @Test
    void aNewMessageIsRefusedWithServerBusyWhileTheQueueIsFullAndNoAcknowledgedOneIsLost() throws Exception {
        ChatServer server = sqlite.start(SqliteServers.DEN, MAX_TASKS);
        Client alice = join(server, "den", "alice", "");
        Client bob = join(server, "den", "bob", "");
        String epoch = alice.connection().takeJson().stream().filter(f -> "Joined".equals(f.getString("msgType")))
                .findFirst().orElseThrow().getString("epoch");
        bob.connection().takeJson();
        CountDownLatch release = new CountDownLatch(1);
        sqlite.stallWriter(release);
        for (int i = 0; i < MAX_TASKS; i++) {
            say(alice, "den", "taken" + i, "c" + i);
        }
        say(alice, "den", "refused", "c-refused");
        List<JsonObject> frames = alice.connection().takeJson();
        JsonObject error = frames.get(frames.size() - 1);
        assertEquals("Error", error.getString("msgType"), frames::toString);
        assertEquals("server_busy", error.getString("code"));
        assertEquals("c-refused", error.getString("clientMsgId"), "the client knows which send failed");
        assertEquals("den", error.getString("room"));
        assertEquals(1000, error.getJsonNumber("retryAfterMs").longValue());
        assertEquals(List.of("taken0", "taken1", "taken2", "taken3"), texts(frames, "Broadcast"));
        assertFalse(frames.stream().anyMatch(f -> "Ack".equals(f.getString("msgType"))), "nothing is durable yet");
        assertEquals(List.of("taken0", "taken1", "taken2", "taken3"), texts(bob.connection().takeJson(), "Broadcast"),
                "the refused message reached nobody");

        release.countDown();
        List<JsonObject> after = new ArrayList<>();
        for (int i = 0; i < MAX_TASKS; i++) {
            awaitAck(alice, "c" + i, after);
        }
        awaitAck(alice, say(alice, "den", "resent", "c-refused"), after); // the client's retry is taken
        sqlite.stop(server);

        ChatServer restarted = sqlite.start(SqliteServers.DEN, MAX_TASKS);
        Client carol = join(restarted, "den", "carol", "");
        JsonObject joined = carol.connection().takeJson().stream()
                .filter(f -> "Joined".equals(f.getString("msgType"))).findFirst().orElseThrow();
        assertEquals(epoch, joined.getString("epoch"));
        assertEquals(List.of("taken0", "taken1", "taken2", "taken3", "resent"),
                joined.getJsonArray("history").stream().map(JsonValue::asJsonObject).map(m -> m.getString("text"))
                        .toList(), "every acknowledged message, and never the refused one");
    }
}
