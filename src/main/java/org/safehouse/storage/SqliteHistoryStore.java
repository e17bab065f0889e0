package org.safehouse.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.safehouse.config.Limits;
import org.safehouse.core.HistoryStore;
import org.safehouse.crypto.FilePermissions;

/**
 * Room history, and the encrypted private messages kept for store-and-forward, in an SQLite file (xerial
 * sqlite-jdbc): tables {@link SqliteRoomMessages}, {@link SqlitePrivateMessages}, {@link SqliteHistoryWindows}.
 *
 * <p>Threads and order (docs/ARCHITECTURE.md, "The history writer"). Each write call puts one {@link WriteTask} on
 * one bounded {@link WriteQueue} and returns; only {@link #load}, {@link #flush} and {@link #close} wait. One writer
 * thread ({@link SqliteHistoryWriter}) applies the tasks in queue order (so a room's calls keep their order), up to
 * 512 per transaction, and runs their {@code onDurable} callbacks after the commit, holding no lock. The one JDBC
 * connection is guarded by its monitor: held by the writer for a transaction and by {@link #load} (on the caller's
 * thread) for its reads.
 *
 * <p>A full queue. While it holds {@link #DEFAULT_MAX_TASKS} tasks or {@link #DEFAULT_MAX_BYTES} bytes (or the
 * bounds given to {@link #open(Path, Limits, Clock, int, long)}), {@link #acceptsNewMessages} is false and the core
 * refuses new messages with {@code server_busy}; the queue's reserve (as much again) takes the tasks that follow
 * messages already taken. A task refused even so (the disk stalled far behind) or offered after {@link #close} is
 * dropped and logged; its callback never runs, so its message is never acknowledged.
 *
 * <p>Retention deletes room messages beyond {@code history_messages} per room, private messages the rooms'
 * mailboxes displaced, and both older than {@code history_max_age_seconds}, raising the room's watermark
 * ({@link SqliteHistoryWindows}). {@code secure_delete} zeroes what is deleted and the rollback journal goes with
 * each commit (no WAL), so expired text is gone from the files, not just hidden ({@code SqliteDeletedTextTest}).
 *
 * <p>A purge ({@link #purgeRoom}, {@link #purgeAll}: a panic wipe) is a task like the others, so it deletes what was
 * queued before it; after its batch commits, the writer runs {@code VACUUM} (the file is rebuilt: no free page, no
 * unused bytes of a page keep a trace) and {@code wal_checkpoint(TRUNCATE)} ({@link SqliteSecureErase}). A purge is
 * never refused by a full queue ({@code PanicWipeFilesTest}).
 */
public final class SqliteHistoryStore implements HistoryStore {
    private static final System.Logger LOG = System.getLogger(SqliteHistoryStore.class.getName());
    /** Queued tasks beyond which new messages are refused: about eight full batches behind the disk. */
    public static final int DEFAULT_MAX_TASKS = 4096;
    /** Queued bytes beyond which new messages are refused (about 1,000 messages of the longest text). */
    public static final long DEFAULT_MAX_BYTES = 8L << 20;

    private final Connection connection;
    private final Limits limits;
    private final WriteQueue queue;
    private final Thread writer;

    private SqliteHistoryStore(Connection connection, Limits limits, Clock clock, WriteQueue queue) {
        this.connection = connection;
        this.limits = limits;
        this.queue = queue;
        this.writer = new Thread(new SqliteHistoryWriter(connection, limits, clock, queue),
                "safehouse-history-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (creating owner-only if needed) the file and starts the writer, with the default queue bounds. */
    public static SqliteHistoryStore open(Path file, Limits limits, Clock clock) throws IOException {
        return open(file, limits, clock, DEFAULT_MAX_TASKS, DEFAULT_MAX_BYTES);
    }

    /** As {@link #open(Path, Limits, Clock)}, with the queue's bounds (see the class comment). */
    public static SqliteHistoryStore open(Path file, Limits limits, Clock clock, int maxTasks, long maxBytes)
            throws IOException {
        WriteQueue queue = new WriteQueue(maxTasks, maxBytes);
        try {
            SqliteHistoryStore store = new SqliteHistoryStore(openDatabase(file), limits, clock, queue);
            store.writer.start();
            return store;
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Connection openDatabase(Path file) throws SQLException, IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            FilePermissions.createOwnerOnlyDirectories(directory);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement sql = connection.createStatement()) {
            // Deleted text must not survive in the files: secure_delete zeroes deleted cells and freed pages; a rollback
            // journal (not a WAL, whose old frames would keep deleted text until a checkpoint) holds a transaction's
            // old pages and is deleted at its commit; temporary files (statement journals, sorts) stay in memory.
            requirePragma(sql, "secure_delete = ON", "1");
            requirePragma(sql, "journal_mode = DELETE", "delete");
            requirePragma(sql, "temp_store = MEMORY", null);
            sql.execute("PRAGMA synchronous = FULL");
            SqliteRoomMessages.createTables(sql);
            SqlitePrivateMessages.createTable(sql);
            SqliteHistoryWindows.createTable(sql);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        if (FilePermissions.supportsPosix(file)) {
            Files.setPosixFilePermissions(file, FilePermissions.OWNER_ONLY_FILE);
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /** Sets a pragma and, when {@code expected} is given, fails unless SQLite reads that value back. */
    private static void requirePragma(Statement sql, String setting, String expected) throws SQLException {
        sql.execute("PRAGMA " + setting);
        if (expected == null) {
            return;
        }
        String name = setting.substring(0, setting.indexOf(' '));
        try (ResultSet result = sql.executeQuery("PRAGMA " + name)) {
            String actual = result.next() ? result.getString(1) : null;
            if (!expected.equalsIgnoreCase(actual)) {
                throw new SQLException("PRAGMA " + name + " is " + actual + ", not " + expected);
            }
        }
    }

    /** Reads on the caller's thread, waiting for a transaction the writer is in: what is committed so far. */
    @Override
    public Optional<StoredRoom> load(String roomKey) {
        synchronized (connection) {
            try {
                Optional<String> epoch = SqliteRoomMessages.epoch(connection, roomKey);
                if (epoch.isEmpty()) {
                    connection.commit();
                    return Optional.empty();
                }
                List<StoredMessage> messages = SqliteRoomMessages.newest(connection, roomKey,
                        limits.historyMessages());
                Set<Long> delivered = new HashSet<>();
                List<StoredPrivate> privateMessages = SqlitePrivateMessages.load(connection, roomKey,
                        limits.mailbox().messagesPerRoom(), delivered);
                long evictedThrough = SqliteHistoryWindows.evictedThrough(connection, roomKey,
                        messages.isEmpty() ? Long.MAX_VALUE : messages.get(0).message().id());
                connection.commit();
                return Optional.of(new StoredRoom(epoch.get(), messages, privateMessages, delivered,
                        evictedThrough));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read room history: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean acceptsNewMessages() {
        return queue.acceptsNewMessages();
    }

    @Override
    public void startRoom(String roomKey, String epoch) {
        submit(new WriteTask.StartRoom(roomKey, epoch));
    }

    @Override
    public void keepOnly(Collection<String> roomKeys) {
        submit(new WriteTask.KeepOnly(Set.copyOf(roomKeys)));
    }

    @Override
    public void append(String roomKey, StoredMessage message, Runnable onDurable) {
        submit(new WriteTask.AppendMessage(roomKey, message, onDurable));
    }

    @Override
    public void appendPrivate(String roomKey, StoredPrivate message, Runnable onDurable) {
        if (message.toRecipient().encrypted().isEmpty()) {
            throw new IllegalArgumentException("only encrypted private messages are stored");
        }
        submit(new WriteTask.AppendPrivate(roomKey, message, onDurable));
    }

    @Override
    public void markPrivateDelivered(String roomKey, Collection<Long> ids) {
        submit(new WriteTask.MarkDelivered(roomKey, List.copyOf(ids)));
    }

    @Override
    public void deletePrivate(String roomKey, Collection<Long> ids) {
        submit(new WriteTask.DeletePrivate(roomKey, List.copyOf(ids)));
    }

    @Override
    public void dropRoom(String roomKey) {
        submit(new WriteTask.DropRoom(roomKey));
    }

    @Override
    public void purgeRoom(String roomKey) {
        submit(new WriteTask.PurgeRoom(roomKey));
    }

    @Override
    public void purgeAll() {
        submit(new WriteTask.PurgeAll());
    }

    /** Waits (up to 30 s) until everything queued so far is committed: for tests and orderly shutdown. */
    public void flush() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        if (submit(new WriteTask.Barrier(done::countDown))) {
            done.await(30, TimeUnit.SECONDS);
        }
    }

    /** Stores what is queued (waiting up to 10 s for the writer), then closes the file; later writes are dropped. */
    @Override
    public void close() {
        queue.close();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            synchronized (connection) {
                connection.close();
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "closing the history file failed: " + e.getMessage());
        }
    }

    private boolean submit(WriteTask task) {
        WriteQueue.Offer offer = queue.offer(task);
        if (offer == WriteQueue.Offer.TAKEN) {
            return true;
        }
        String what = task.getClass().getSimpleName();
        LOG.log(offer == WriteQueue.Offer.CLOSED ? Level.WARNING : Level.ERROR, offer == WriteQueue.Offer.CLOSED
                ? "history store closed; a write (" + what + ") was not stored"
                : "history write queue full (the disk is far behind); a write (" + what + ") was not stored");
        return false;
    }
}
