package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ChatSession;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.ProvenIdentity;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/** Durable history in a real SQLite file: restarts lose no acknowledged message; retention really deletes. */
class SqliteHistoryStoreTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    final List<ChatServer> servers = new ArrayList<>();
    SqliteHistoryStore store;

    @AfterEach
    void closeServers() {
        servers.forEach(ChatServer::close);
    }

    /** The config of every server and store here: SQLite history in {@code dir}, room den, these extra limits. */
    SafehouseConfig config(String limits) throws Exception {
        String json = "{\"data_dir\":\"" + dir + "\",\"history_storage\":\"sqlite\",\"rooms\":[{\"name\":\"den\"}],"
                + "\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000" + limits + "}}";
        return new ConfigLoader(new Argon2PasswordHasher()).parse(json, "test", dir);
    }

    ChatServer start(String limits) throws Exception {
        SafehouseConfig config = config(limits);
        store = SqliteHistoryStore.open(config.history().file().orElseThrow(), config.limits(), clock);
        ChatServer server = new ChatServer(config, new InMemoryBroker(), new Argon2PasswordHasher(), clock, store);
        servers.add(server);
        return server;
    }

    /** A store alone, without a server over it (closed after the test unless the test closes it). */
    SqliteHistoryStore openStore(String limits) throws Exception {
        SafehouseConfig config = config(limits);
        store = SqliteHistoryStore.open(config.history().file().orElseThrow(), config.limits(), clock);
        openStores.add(store);
        return store;
    }

    final List<SqliteHistoryStore> openStores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        openStores.forEach(SqliteHistoryStore::close);
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

    void stop(ChatServer server) {
        server.close();
        servers.remove(server);
    }

    record Client(ChatServer server, RecordingConnection connection, ChatSession session) {
        void send(String frame) {
            server.receive(session, frame);
        }
    }

    static Client join(ChatServer server, String room, String nick, String extra) {
        RecordingConnection connection = new RecordingConnection("10.0.0.1");
        Client client = new Client(server, connection, server.open(connection, false));
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\"" + nick + "\"" + extra
                + "}");
        return client;
    }

    static String say(Client client, String room, String text, String clientMsgId) {
        client.send("{\"msgType\":\"Broadcast\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"clientMsgId\":\""
                + clientMsgId + "\"}");
        return clientMsgId;
    }

    /** Waits (bounded) until the connection holds an Ack for the client id, which comes only after the commit. */
    static JsonObject awaitAck(Client client, String clientMsgId, List<JsonObject> seen) throws InterruptedException {
        return client.connection().awaitJson(frame -> "Ack".equals(frame.getString("msgType"))
                && clientMsgId.equals(frame.getString("clientMsgId")), seen);
    }

    @Test
    void aRestartLosesNoAcknowledgedMessageAndResumeStillWorks() throws Exception {
        ChatServer first = start("");
        Client alice = join(first, "den", "alice", "");
        List<JsonObject> frames = new ArrayList<>();
        String epoch = null;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clock.advance(1);
            JsonObject ack = awaitAck(alice, say(alice, "den", "m" + i, "c" + i), frames);
            ids.add(ack.getString("id"));
        }
        for (JsonObject frame : frames) {
            if ("Joined".equals(frame.getString("msgType"))) {
                epoch = frame.getString("epoch");
            }
        }
        stop(first);

        ChatServer second = start("");
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
        ChatServer server = start(",\"history_messages\":5");
        Client alice = join(server, "den", "alice", "");
        List<JsonObject> frames = new ArrayList<>();
        awaitAck(alice, say(alice, "den", "CANARY-count-7f3a", "canary"), frames);
        assertTrue(filesContain("CANARY-count-7f3a"), "stored at first");
        for (int i = 0; i < 6; i++) {
            awaitAck(alice, say(alice, "den", "filler" + i, "f" + i), frames);
        }
        store.flush();
        assertFalse(filesContain("CANARY-count-7f3a"), "deleted rows are overwritten, not just hidden");
        assertTrue(filesContain("filler5"));
    }

    @Test
    void retentionByAgeReallyRemovesTheTextFromTheFiles() throws Exception {
        ChatServer server = start(",\"history_max_age_seconds\":3600");
        Client alice = join(server, "den", "alice", "");
        List<JsonObject> frames = new ArrayList<>();
        awaitAck(alice, say(alice, "den", "CANARY-age-91bc", "canary"), frames);
        clock.advance(3_600_000 + 61_000);
        awaitAck(alice, say(alice, "den", "recent", "r"), frames);
        store.flush();
        assertFalse(filesContain("CANARY-age-91bc"));
        assertTrue(filesContain("recent"));
    }

    @Test
    void roomsCreatedByUsersLeaveNothingBehind() throws Exception {
        ChatServer server = start("");
        Client ann = join(server, "attic", "ann", "");
        List<JsonObject> frames = new ArrayList<>();
        awaitAck(ann, say(ann, "attic", "CANARY-attic-55e0", "a"), frames);
        server.closed(ann.session()); // last member leaves: the room and its history go
        store.flush();
        assertFalse(filesContain("CANARY-attic-55e0"));
    }

    @Test
    void aRestartKeepsAWaitingPrivateMessageWithBothIdentities() throws Exception {
        SqliteHistoryStore first = openStore("");
        first.startRoom("den", "e1");
        StoredPrivate message = privateMessage(42, clock.millis(), "Q0lQSEVSVEVYVA==");
        appendDurably(first, "den", message);
        first.close();
        openStores.remove(first);

        HistoryStore.StoredRoom room = openStore("").load("den").orElseThrow();
        assertEquals("e1", room.epoch());
        assertEquals(List.of(), room.messages());
        assertEquals(List.of(message), room.privateMessages(), "frame, body and both identities, as stored");
    }

    @Test
    void privateMessagesTheMailboxDisplacesReallyLeaveTheFileAndDeliveriesAreKept() throws Exception {
        SqliteHistoryStore store = openStore(",\"mailbox_messages_per_room\":5");
        store.startRoom("den", "e1");
        appendDurably(store, "den", privateMessage(1, clock.millis(), "CANARYpmCount7f3a"));
        assertTrue(filesContain("CANARYpmCount7f3a"), "stored at first");
        for (int i = 2; i <= 7; i++) {
            appendDurably(store, "den", privateMessage(i, clock.millis(), "filler" + i));
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
        appendDurably(store, "den", privateMessage(1, clock.millis(), "CANARYpmAge91bc"));
        clock.advance(3_600_000 + 61_000);
        appendDurably(store, "den", privateMessage(2, clock.millis(), "recentPm"));
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
        appendDurably(store, "attic", privateMessage(1, clock.millis(), "CANARYpmAttic55e0"));
        appendDurably(store, "den", privateMessage(2, clock.millis(), "CANARYpmDen0c1d"));
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
        appendDurably(store, "den", privateMessage(1, clock.millis(), "CANARYpmOldEpoch"));
        store.startRoom("den", "e2");
        store.flush();
        assertFalse(filesContain("CANARYpmOldEpoch"));
        assertEquals(List.of(), store.load("den").orElseThrow().privateMessages());
    }

    @Test
    void theFileIsOwnerOnly() throws Exception {
        start("");
        Path file = dir.resolve("history.db");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    /** Whether any file of the store (the database, a journal) holds the text. */
    private boolean filesContain(String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.getFileName().toString().startsWith("history.db")).toList()) {
                byte[] content = Files.readAllBytes(file);
                outer:
                for (int i = 0; i + needle.length <= content.length; i++) {
                    for (int j = 0; j < needle.length; j++) {
                        if (content[i + j] != needle[j]) {
                            continue outer;
                        }
                    }
                    return true;
                }
            }
        }
        return false;
    }
}
