package org.safehouse.storage;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ChatSession;
import org.safehouse.core.HistoryStore.StoredMessage;
import org.safehouse.core.RoomCatalog;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/**
 * Chat servers and stores over one SQLite file in a test's temporary directory: starting one after stopping the last
 * is a restart. Register it with {@code @RegisterExtension}; it closes what it opened after each test.
 */
public final class SqliteServers implements AfterEachCallback {
    /** The room {@code den} and a message rate no test reaches; {@link #denWith} adds more limits. */
    public static final String DEN = denWith("");

    public final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final Supplier<Path> dir;
    private final List<ChatServer> servers = new ArrayList<>();
    private final List<SqliteHistoryStore> stores = new ArrayList<>();
    /** The store opened last. */
    public SqliteHistoryStore store;

    /** @param dir the test's {@code @TempDir}, read when a server starts (after JUnit set it) */
    public SqliteServers(Supplier<Path> dir) {
        this.dir = dir;
    }

    /** The room {@code den}, a message rate no test reaches, and these further {@code limits} (",\"key\":value"). */
    public static String denWith(String limits) {
        return "\"rooms\":[{\"name\":\"den\"}],\"limits\":{\"messages_per_second\":100000,\"message_burst\":100000"
                + limits + "}";
    }

    /** The config: SQLite history in the directory, plus {@code fields} (JSON members, or empty). */
    public SafehouseConfig config(String fields) throws Exception {
        String json = "{\"data_dir\":\"" + dir.get() + "\",\"history_storage\":\"sqlite\""
                + (fields.isEmpty() ? "" : "," + fields) + "}";
        return new ConfigLoader(new Argon2PasswordHasher()).parse(json, "test", dir.get());
    }

    /** A server over the file, with {@code fields} of config (see {@link #config}). */
    public ChatServer start(String fields) throws Exception {
        return start(fields, SqliteHistoryStore.DEFAULT_MAX_TASKS);
    }

    /** A server over the file with the room {@code den} and these further {@code limits} (see {@link #denWith}). */
    public ChatServer startDen(String limits) throws Exception {
        return start(denWith(limits));
    }

    /** As {@link #start}, with a write queue that holds {@code maxTasks} tasks before it refuses new messages. */
    public ChatServer start(String fields, int maxTasks) throws Exception {
        SafehouseConfig config = config(fields);
        return started(config, open(config, maxTasks), RoomCatalog.NONE);
    }

    /** As {@link #start}, keeping created rooms in the file's catalog too. */
    public ChatServer startWithCatalog(String fields) throws Exception {
        SafehouseConfig config = config(fields);
        return started(config, open(config, SqliteHistoryStore.DEFAULT_MAX_TASKS),
                SqliteRoomCatalog.open(config.history().file().orElseThrow()));
    }

    /** A store alone, without a server over it, with the default queue bounds. */
    public SqliteHistoryStore openStore(String fields) throws Exception {
        return openStore(fields, SqliteHistoryStore.DEFAULT_MAX_TASKS);
    }

    /** A store alone whose write queue holds {@code maxTasks} tasks before it refuses new messages. */
    public SqliteHistoryStore openStore(String fields, int maxTasks) throws Exception {
        SqliteHistoryStore opened = open(config(fields), maxTasks);
        stores.add(opened);
        return opened;
    }

    private SqliteHistoryStore open(SafehouseConfig config, int maxTasks) {
        store = storeFor(config, clock, maxTasks);
        return store;
    }

    /**
     * The SQLite store the config names ({@code data_dir}, {@code history_storage: sqlite}), whose write queue holds
     * {@code maxTasks} tasks before it refuses new messages; for servers a test builds itself (e.g. with
     * {@link org.safehouse.testing.ChatHarness}).
     */
    public static SqliteHistoryStore storeFor(SafehouseConfig config, Clock clock, int maxTasks) {
        try {
            return SqliteHistoryStore.open(config.history().file().orElseThrow(), config.limits(), clock, maxTasks,
                    SqliteHistoryStore.DEFAULT_MAX_BYTES);
        } catch (Exception e) {
            throw new AssertionError("the test's SQLite store does not open", e);
        }
    }

    private ChatServer started(SafehouseConfig config, SqliteHistoryStore history, RoomCatalog catalog) {
        ChatServer server = new ChatServer(config, new InMemoryBroker(), new Argon2PasswordHasher(), clock, history,
                catalog, Runnable::run);
        servers.add(server);
        return server;
    }

    /**
     * Stalls the writer of the store opened last in the acknowledgement of a write of its own (to room key
     * {@code elsewhere}), until {@code release} opens: the disk falling behind, as the queue sees it.
     */
    public void stallWriter(CountDownLatch release) throws InterruptedException {
        stallWriter(store, release);
    }

    /** As {@link #stallWriter(CountDownLatch)}, for a given store. */
    public static void stallWriter(SqliteHistoryStore store, CountDownLatch release) throws InterruptedException {
        CountDownLatch writing = new CountDownLatch(1);
        store.append("elsewhere", new StoredMessage(new ServerFrame.Broadcast(1, "", 0, "x", "stall"),
                Optional.empty()), () -> {
                    writing.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        if (!writing.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the writer did not take the stalling write");
        }
    }

    /** Closes the server (and so its store): what it acknowledged is in the file. */
    public void stop(ChatServer server) {
        server.close();
        servers.remove(server);
    }

    /** Closes a store opened alone. */
    public void stop(SqliteHistoryStore alone) {
        alone.close();
        stores.remove(alone);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        servers.forEach(ChatServer::close);
        servers.clear();
        stores.forEach(SqliteHistoryStore::close);
        stores.clear();
    }

    /** A recording connection of address 10.0.0.1 and its session. */
    public record Client(ChatServer server, RecordingConnection connection, ChatSession session) {
        public void send(String frame) {
            server.receive(session, frame);
        }
    }

    /** Opens a connection and sends a Join with {@code extra} JSON members (",\"since\":..." or empty). */
    public static Client join(ChatServer server, String room, String nick, String extra) {
        RecordingConnection connection = new RecordingConnection("10.0.0.1");
        Client client = new Client(server, connection, server.open(connection, false));
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\"" + nick + "\"" + extra
                + "}");
        return client;
    }

    /** Sends a Broadcast with a client id; returns the id. */
    public static String say(Client client, String room, String text, String clientMsgId) {
        client.send("{\"msgType\":\"Broadcast\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"clientMsgId\":\""
                + clientMsgId + "\"}");
        return clientMsgId;
    }

    /** Waits (bounded) until the connection holds an Ack for the client id, which comes only after the commit. */
    public static JsonObject awaitAck(Client client, String clientMsgId, List<JsonObject> seen)
            throws InterruptedException {
        return client.connection().awaitJson(frame -> "Ack".equals(frame.getString("msgType"))
                && clientMsgId.equals(frame.getString("clientMsgId")), seen);
    }

    /** Where the text's UTF-8 bytes first occur in {@code haystack}. */
    public static Optional<Integer> indexOf(byte[] haystack, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return Optional.of(i);
        }
        return Optional.empty();
    }
}
