package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.storage.SqliteServers.awaitAck;
import static org.safehouse.storage.SqliteServers.join;
import static org.safehouse.storage.SqliteServers.say;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.ProvenIdentity;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.storage.SqliteServers.Client;

/** Durable history in a real SQLite file: restarts lose no acknowledged message; retention really deletes. */
class SqliteHistoryStoreTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    /** A store alone, without a server over it (closed after the test unless the test closes it). */
    SqliteHistoryStore openStore(String limits) throws Exception {
        return sqlite.openStore(SqliteServers.denWith(limits));
    }

    static final ProvenIdentity ALICE = new ProvenIdentity("Alice", "alice", "U0lHTi1hbGljZQ==");
    static final ProvenIdentity BOB = new ProvenIdentity("Bob", "bob", "U0lHTi1ib2I=");

    /** An encrypted private message from Alice to Bob, as the recipient gets it; the room is left empty, as loaded. */
    static StoredPrivate privateMessage(long id, long timestamp, String ciphertext) {
        return new StoredPrivate(new ServerFrame.PrivateMessage(id, "", timestamp, ALICE.nick(), Optional.empty(),
                Optional.empty(), Optional.of(new EncryptedBody("c" + id, ciphertext, "AAAAAAAAAAAAAAAA", id,
                "U0lHTkFUVVJF")), false), ALICE, BOB);
    }

    /** Appends and waits (bounded) for the acknowledgement, which comes only after the commit. */
    static void appendDurably(HistoryStore store, String roomKey, StoredPrivate message) throws Exception {
        CountDownLatch durable = new CountDownLatch(1);
        store.appendPrivate(roomKey, message, durable::countDown);
        assertTrue(durable.await(10, TimeUnit.SECONDS), "not acknowledged");
    }

    @Test
    void aRestartLosesNoAcknowledgedMessageAndResumeStillWorks() throws Exception {
        ChatServer first = sqlite.startDen("");
        Client alice = join(first, "den", "alice", "");
        List<JsonObject> frames = new ArrayList<>();
        String epoch = null;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sqlite.clock.advance(1);
            JsonObject ack = awaitAck(alice, say(alice, "den", "m" + i, "c" + i), frames);
            ids.add(ack.getString("id"));
        }
        for (JsonObject frame : frames) {
            if ("Joined".equals(frame.getString("msgType"))) {
                epoch = frame.getString("epoch");
            }
        }
        sqlite.stop(first);

        ChatServer second = sqlite.startDen("");
        Client back = join(second, "den", "alice", ",\"since\":\"" + ids.get(9) + "\",\"epoch\":\"" + epoch + "\"");
        JsonObject joined = back.connection().takeJson().stream()
                .filter(f -> "Joined".equals(f.getString("msgType"))).findFirst().orElseThrow();
        assertEquals(epoch, joined.getString("epoch"), "the history was not reset");
        assertTrue(joined.getBoolean("recovered"));
        List<String> texts = new ArrayList<>();
        for (JsonValue message : joined.getJsonArray("history")) {
            texts.add(message.asJsonObject().getString("text"));
            assertEquals("den", message.asJsonObject().getString("room"));
        }
        assertEquals(List.of("m10", "m11", "m12", "m13", "m14", "m15", "m16", "m17", "m18", "m19"), texts);
        // the resend of an acknowledged message after the restart is acknowledged again, not stored twice
        List<JsonObject> after = new ArrayList<>();
        JsonObject again = awaitAck(back, say(back, "den", "m19", "c19"), after);
        assertEquals(ids.get(19), again.getString("id"));
        assertFalse(after.stream().anyMatch(f -> "Broadcast".equals(f.getString("msgType"))));
        // new ids keep growing past the stored ones
        JsonObject fresh = awaitAck(back, say(back, "den", "new", "c-new"), after);
        assertTrue(Long.parseLong(fresh.getString("id")) > Long.parseLong(ids.get(19)));
    }

    @Test
    void retentionByCountReallyRemovesTheTextFromTheFiles() throws Exception {
        ChatServer server = sqlite.startDen(",\"history_messages\":5");
        Client alice = join(server, "den", "alice", "");
        List<JsonObject> frames = new ArrayList<>();
        awaitAck(alice, say(alice, "den", "CANARY-count-7f3a", "canary"), frames);
        assertTrue(filesContain("CANARY-count-7f3a"), "stored at first");
        for (int i = 0; i < 6; i++) {
            awaitAck(alice, say(alice, "den", "filler" + i, "f" + i), frames);
        }
        sqlite.store.flush();
        assertFalse(filesContain("CANARY-count-7f3a"), "deleted rows are overwritten, not just hidden");
        assertTrue(filesContain("filler5"));
    }

    @Test
    void retentionByAgeReallyRemovesTheTextFromTheFiles() throws Exception {
        ChatServer server = sqlite.startDen(",\"history_max_age_seconds\":3600");
        Client alice = join(server, "den", "alice", "");
        List<JsonObject> frames = new ArrayList<>();
        awaitAck(alice, say(alice, "den", "CANARY-age-91bc", "canary"), frames);
        sqlite.clock.advance(3_600_000 + 61_000);
        awaitAck(alice, say(alice, "den", "recent", "r"), frames);
        sqlite.store.flush();
        assertFalse(filesContain("CANARY-age-91bc"));
        assertTrue(filesContain("recent"));
    }

    @Test
    void roomsCreatedByUsersLeaveNothingBehind() throws Exception {
        ChatServer server = sqlite.startDen("");
        Client ann = join(server, "attic", "ann", "");
        List<JsonObject> frames = new ArrayList<>();
        awaitAck(ann, say(ann, "attic", "CANARY-attic-55e0", "a"), frames);
        server.closed(ann.session()); // last member leaves: the room and its history go
        sqlite.store.flush();
        assertFalse(filesContain("CANARY-attic-55e0"));
    }

    @Test
    void aRestartKeepsAWaitingPrivateMessageWithBothIdentities() throws Exception {
        SqliteHistoryStore first = openStore("");
        first.startRoom("den", "e1");
        StoredPrivate message = privateMessage(42, sqlite.clock.millis(), "Q0lQSEVSVEVYVA==");
        appendDurably(first, "den", message);
        sqlite.stop(first);

        HistoryStore.StoredRoom room = openStore("").load("den").orElseThrow();
        assertEquals("e1", room.epoch());
        assertEquals(List.of(), room.messages());
        assertEquals(List.of(message), room.privateMessages(), "frame, body and both identities, as stored");
    }

    @Test
    void privateMessagesTheMailboxDisplacesReallyLeaveTheFileAndDeliveriesAreKept() throws Exception {
        SqliteHistoryStore store = openStore(",\"mailbox_messages_per_room\":5");
        store.startRoom("den", "e1");
        appendDurably(store, "den", privateMessage(1, sqlite.clock.millis(), "CANARYpmCount7f3a"));
        assertTrue(filesContain("CANARYpmCount7f3a"), "stored at first");
        for (int i = 2; i <= 7; i++) {
            appendDurably(store, "den", privateMessage(i, sqlite.clock.millis(), "filler" + i));
        }
        store.markPrivateDelivered("den", List.of(1L, 2L, 4L));
        store.deletePrivate("den", List.of(1L, 2L));
        store.flush();
        assertFalse(filesContain("CANARYpmCount7f3a"), "deleted rows are overwritten, not just hidden");
        HistoryStore.StoredRoom room = store.load("den").orElseThrow();
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L), room.privateMessages().stream()
                .map(m -> m.toRecipient().id()).toList(), "the rest, oldest first, at most the room's cap");
        assertEquals(java.util.Set.of(4L), room.deliveredPrivate(), "which of them their recipient has");
    }

    @Test
    void privateMessagesFollowTheMaximumAgeAndReallyLeaveTheFile() throws Exception {
        SqliteHistoryStore store = openStore(",\"history_max_age_seconds\":3600");
        store.startRoom("den", "e1");
        appendDurably(store, "den", privateMessage(1, sqlite.clock.millis(), "CANARYpmAge91bc"));
        sqlite.clock.advance(3_600_000 + 61_000);
        appendDurably(store, "den", privateMessage(2, sqlite.clock.millis(), "recentPm"));
        store.flush();
        assertFalse(filesContain("CANARYpmAge91bc"));
        assertTrue(filesContain("recentPm"));
        assertEquals(1, store.load("den").orElseThrow().privateMessages().size());
    }

    @Test
    void droppedAndForgottenRoomsTakeTheirPrivateMessagesWithThem() throws Exception {
        SqliteHistoryStore store = openStore("");
        store.startRoom("attic", "e1");
        store.startRoom("den", "e2");
        appendDurably(store, "attic", privateMessage(1, sqlite.clock.millis(), "CANARYpmAttic55e0"));
        appendDurably(store, "den", privateMessage(2, sqlite.clock.millis(), "CANARYpmDen0c1d"));
        store.dropRoom("attic");
        store.flush();
        assertFalse(filesContain("CANARYpmAttic55e0"), "dropRoom deletes them");
        assertTrue(filesContain("CANARYpmDen0c1d"));
        store.keepOnly(List.of());
        store.flush();
        assertFalse(filesContain("CANARYpmDen0c1d"), "keepOnly deletes them");
        assertTrue(store.load("den").isEmpty());
    }

    @Test
    void aRoomStartedAfreshForgetsItsPrivateMessages() throws Exception {
        SqliteHistoryStore store = openStore("");
        store.startRoom("den", "e1");
        appendDurably(store, "den", privateMessage(1, sqlite.clock.millis(), "CANARYpmOldEpoch"));
        store.startRoom("den", "e2");
        store.flush();
        assertFalse(filesContain("CANARYpmOldEpoch"));
        assertEquals(List.of(), store.load("den").orElseThrow().privateMessages());
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        sqlite.startDen("");
        Path file = dir.resolve("history.db");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** Whether any file of the store (the database, a journal) holds the text. */
    private boolean filesContain(String text) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("history.db")).toList()) {
                if (SqliteServers.indexOf(Files.readAllBytes(file), text).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }
}
