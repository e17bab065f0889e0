package org.safehouse.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.safehouse.config.Limits;
import org.safehouse.core.HistoryStore;
import org.safehouse.crypto.FilePermissions;
import org.safehouse.protocol.ServerFrame;

/**
 * Room history, and the encrypted private messages kept for store-and-forward ({@link SqlitePrivateMessages}), in an
 * SQLite file (xerial sqlite-jdbc). One writer thread drains queued appends into one transaction
 * per batch, commits, then runs the batch's acknowledgements: group commit, so a burst costs one sync, and the threads
 * that deliver live messages never wait for the disk.
 *
 * <p>Retention deletes room messages beyond {@code history_messages} per room, private messages the rooms'
 * mailboxes displaced under their caps ({@code mailbox_*}), and both older than {@code history_max_age_seconds}.
 * {@code secure_delete} makes SQLite overwrite deleted content with zeros, and the rollback journal is deleted after
 * each transaction (no WAL, so no checkpoint is needed), so expired messages are really gone from the files, while
 * running and after stopping, not just hidden ({@code SqliteDeletedTextTest} checks the bytes).
 * Each deletion of room messages also raises the room's watermark ({@link SqliteHistoryWindows}), so a history
 * rebuilt at start knows where its window begins and a resume from before it says {@code recovered: false}.
 *
 * <p>Thread-safety: {@link #load}, {@link #startRoom} and {@link #keepOnly} run on the caller's thread at start (before
 * the writer exists); everything else goes through the writer's queue. One JDBC connection, used by one thread at a
 * time.
 */
public final class SqliteHistoryStore implements HistoryStore {
    private static final System.Logger LOG = System.getLogger(SqliteHistoryStore.class.getName());
    private static final int MAX_BATCH = 512;
    private static final long AGE_SWEEP_MILLIS = 60_000;

    private final Connection connection;
    private final Limits limits;
    private final Clock clock;
    private final LinkedBlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closing;
    private long lastAgeSweep;

    private SqliteHistoryStore(Connection connection, Limits limits, Clock clock) {
        this.connection = connection;
        this.limits = limits;
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "safehouse-history-writer");
        this.writer.setDaemon(true);
    }

    /** Opens (creating owner-only if needed) the file and starts the writer thread. */
    public static SqliteHistoryStore open(Path file, Limits limits, Clock clock) throws IOException {
        try {
            return openDatabase(file, limits, clock);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static SqliteHistoryStore openDatabase(Path file, Limits limits, Clock clock)
            throws SQLException, IOException {
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
            sql.execute("CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, epoch TEXT NOT NULL)");
            sql.execute("CREATE TABLE IF NOT EXISTS messages (room TEXT NOT NULL, id INTEGER NOT NULL,"
                    + " ts INTEGER NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL, client_key TEXT,"
                    + " PRIMARY KEY (room, id)) WITHOUT ROWID");
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
        SqliteHistoryStore store = new SqliteHistoryStore(connection, limits, clock);
        store.lastAgeSweep = clock.millis();
        store.writer.start();
        return store;
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

    @Override
    public Optional<StoredRoom> load(String roomKey) {
        synchronized (connection) {
            return loadLocked(roomKey);
        }
    }

    private Optional<StoredRoom> loadLocked(String roomKey) {
        try (PreparedStatement epoch = connection.prepareStatement("SELECT epoch FROM rooms WHERE room = ?");
             PreparedStatement rows = connection.prepareStatement("SELECT id, ts, sender, text, client_key"
                     + " FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?")) {
            epoch.setString(1, roomKey);
            String stored;
            try (ResultSet result = epoch.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                stored = result.getString(1);
            }
            rows.setString(1, roomKey);
            rows.setInt(2, limits.historyMessages());
            List<StoredMessage> messages = new ArrayList<>();
            try (ResultSet result = rows.executeQuery()) {
                while (result.next()) {
                    messages.add(new StoredMessage(new ServerFrame.Broadcast(result.getLong(1), "",
                            result.getLong(2), result.getString(3), result.getString(4)),
                            Optional.ofNullable(result.getString(5))));
                }
            }
            Set<Long> delivered = new HashSet<>();
            List<StoredPrivate> privateMessages = SqlitePrivateMessages.load(connection, roomKey,
                    limits.mailbox().messagesPerRoom(), delivered);
            long evictedThrough = SqliteHistoryWindows.evictedThrough(connection, roomKey,
                    messages.isEmpty() ? Long.MAX_VALUE : messages.get(messages.size() - 1).message().id());
            connection.commit();
            Collections.reverse(messages);
            return Optional.of(new StoredRoom(stored, messages, privateMessages, delivered, evictedThrough));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read room history: " + e.getMessage(), e);
        }
    }

    @Override
    public void startRoom(String roomKey, String epoch) {
        submitWork(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM messages WHERE room = ?");
                 PreparedStatement upsert = connection.prepareStatement(
                         "INSERT OR REPLACE INTO rooms (room, epoch) VALUES (?, ?)")) {
                delete.setString(1, roomKey);
                delete.executeUpdate();
                SqlitePrivateMessages.deleteRoom(connection, roomKey);
                SqliteHistoryWindows.forget(connection, roomKey);
                upsert.setString(1, roomKey);
                upsert.setString(2, epoch);
                upsert.executeUpdate();
            }
        });
    }

    @Override
    public void keepOnly(Collection<String> roomKeys) {
        Set<String> keep = new HashSet<>(roomKeys);
        submitWork(() -> {
            List<String> gone = new ArrayList<>();
            try (Statement sql = connection.createStatement();
                 ResultSet result = sql.executeQuery("SELECT room FROM rooms")) {
                while (result.next()) {
                    if (!keep.contains(result.getString(1))) {
                        gone.add(result.getString(1));
                    }
                }
            }
            for (String room : gone) {
                deleteRoom(room);
            }
        });
    }

    @Override
    public void append(String roomKey, StoredMessage message, Runnable onDurable) {
        if (!submit(new Append(roomKey, message, onDurable))) {
            LOG.log(Level.WARNING, "history store closed; a message was not stored");
        }
    }

    @Override
    public void appendPrivate(String roomKey, StoredPrivate message, Runnable onDurable) {
        if (message.toRecipient().encrypted().isEmpty()) {
            throw new IllegalArgumentException("only encrypted private messages are stored");
        }
        if (!submit(new AppendPrivate(roomKey, message, onDurable))) {
            LOG.log(Level.WARNING, "history store closed; a private message was not stored");
        }
    }

    @Override
    public void markPrivateDelivered(String roomKey, Collection<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        submitWork(() -> SqlitePrivateMessages.markDelivered(connection, roomKey, copy));
    }

    @Override
    public void deletePrivate(String roomKey, Collection<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        submitWork(() -> SqlitePrivateMessages.delete(connection, roomKey, copy));
    }

    @Override
    public void dropRoom(String roomKey) {
        submitWork(() -> deleteRoom(roomKey));
    }

    /** Waits until everything queued so far is committed (for tests and orderly shutdown). */
    public void flush() throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        if (submit(done::countDown)) {
            done.await(30, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        closing = true;
        writer.interrupt();
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

    // ---- the writer thread ----

    /** A unit of storage work; runs on the writer thread inside the batch's transaction. */
    @FunctionalInterface
    private interface Work extends Runnable {
        void execute() throws SQLException;

        @Override
        default void run() {
            throw new UnsupportedOperationException("executed by the writer");
        }
    }

    private record Append(String roomKey, StoredMessage message, Runnable onDurable) implements Runnable {
        @Override
        public void run() {
            throw new UnsupportedOperationException("executed by the writer");
        }
    }

    private record AppendPrivate(String roomKey, StoredPrivate message, Runnable onDurable) implements Runnable {
        @Override
        public void run() {
            throw new UnsupportedOperationException("executed by the writer");
        }
    }

    private void submitWork(Work work) {
        submit(work);
    }

    private boolean submit(Runnable item) {
        if (closing) {
            return false;
        }
        return work.offer(item);
    }

    private void writeLoop() {
        List<Runnable> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                if (closing && work.isEmpty()) {
                    return;
                }
                Runnable first = work.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    work.drainTo(batch, MAX_BATCH - 1);
                }
            } catch (InterruptedException e) {
                work.drainTo(batch); // closing: store what is queued, then stop
                closing = true;
            }
            if (!batch.isEmpty() || clock.millis() - lastAgeSweep >= AGE_SWEEP_MILLIS) {
                writeBatch(batch);
                batch.clear();
            }
            if (closing && work.isEmpty()) {
                return;
            }
        }
    }

    private void writeBatch(List<Runnable> batch) {
        List<Runnable> afterCommit;
        synchronized (connection) {
            afterCommit = writeBatchLocked(batch);
        }
        for (Runnable callback : afterCommit) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an acknowledgement failed: " + e.getClass().getName());
            }
        }
    }

    /** @return the acknowledgements to run now that the batch is committed (none when it failed) */
    private List<Runnable> writeBatchLocked(List<Runnable> batch) {
        List<Runnable> afterCommit = new ArrayList<>();
        Set<String> appendedRooms = new HashSet<>();
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR IGNORE INTO messages"
                + " (room, id, ts, sender, text, client_key) VALUES (?, ?, ?, ?, ?, ?)");
             PreparedStatement insertPrivate = SqlitePrivateMessages.prepareInsert(connection)) {
            for (Runnable item : batch) {
                if (item instanceof Append append) {
                    ServerFrame.Broadcast m = append.message().message();
                    insert.setString(1, append.roomKey());
                    insert.setLong(2, m.id());
                    insert.setLong(3, m.timestamp());
                    insert.setString(4, m.sender());
                    insert.setString(5, m.text());
                    insert.setString(6, append.message().clientKey().orElse(null));
                    insert.addBatch();
                    appendedRooms.add(append.roomKey());
                    afterCommit.add(append.onDurable());
                } else if (item instanceof AppendPrivate append) {
                    SqlitePrivateMessages.addInsert(insertPrivate, append.roomKey(), append.message());
                    afterCommit.add(append.onDurable());
                } else if (item instanceof Work unit) {
                    insert.executeBatch();
                    insertPrivate.executeBatch();
                    unit.execute();
                } else {
                    afterCommit.add(item);
                }
            }
            insert.executeBatch();
            insertPrivate.executeBatch();
            for (String room : appendedRooms) {
                trimToCount(room);
            }
            sweepByAge();
            connection.commit();
        } catch (SQLException e) {
            LOG.log(Level.ERROR, "storing room history failed; " + afterCommit.size()
                    + " messages not acknowledged: " + e.getMessage());
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                LOG.log(Level.ERROR, "rollback failed: " + rollback.getMessage());
            }
            return List.of();
        }
        return afterCommit;
    }

    private void trimToCount(String roomKey) throws SQLException {
        if (limits.historyMessages() == 0) {
            SqliteHistoryWindows.evictingBelow(connection, roomKey, Long.MAX_VALUE);
        } else {
            Optional<Long> oldestKept = oldestKept(roomKey);
            if (oldestKept.isPresent()) {
                SqliteHistoryWindows.evictingBelow(connection, roomKey, oldestKept.get());
            }
        }
        try (PreparedStatement trim = connection.prepareStatement("DELETE FROM messages WHERE room = ? AND id <"
                + " (SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            trim.setString(1, roomKey);
            trim.setString(2, roomKey);
            trim.setInt(3, Math.max(0, limits.historyMessages() - 1));
            trim.executeUpdate();
        }
        if (limits.historyMessages() == 0) {
            try (PreparedStatement all = connection.prepareStatement("DELETE FROM messages WHERE room = ?")) {
                all.setString(1, roomKey);
                all.executeUpdate();
            }
        }
    }

    /** The id of the oldest message the count limit keeps, when the room holds more than that limit. */
    private Optional<Long> oldestKept(String roomKey) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            query.setString(1, roomKey);
            query.setInt(2, limits.historyMessages() - 1);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
            }
        }
    }

    private void sweepByAge() throws SQLException {
        long now = clock.millis();
        if (limits.historyMaxAgeSeconds() <= 0 || now - lastAgeSweep < AGE_SWEEP_MILLIS) {
            return;
        }
        lastAgeSweep = now;
        SqliteHistoryWindows.evictingOlderThan(connection, now - limits.historyMaxAgeSeconds() * 1000L);
        try (PreparedStatement old = connection.prepareStatement("DELETE FROM messages WHERE ts < ?")) {
            old.setLong(1, now - limits.historyMaxAgeSeconds() * 1000L);
            old.executeUpdate();
        }
        SqlitePrivateMessages.deleteOlderThan(connection, now - limits.historyMaxAgeSeconds() * 1000L);
    }

    private void deleteRoom(String roomKey) throws SQLException {
        try (PreparedStatement messages = connection.prepareStatement("DELETE FROM messages WHERE room = ?");
             PreparedStatement room = connection.prepareStatement("DELETE FROM rooms WHERE room = ?")) {
            messages.setString(1, roomKey);
            messages.executeUpdate();
            room.setString(1, roomKey);
            room.executeUpdate();
        }
        SqlitePrivateMessages.deleteRoom(connection, roomKey);
        SqliteHistoryWindows.forget(connection, roomKey);
    }
}
