package org.safehouse.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.safehouse.core.HistoryStore.StoredMessage;
import org.safehouse.protocol.ServerFrame;

/**
 * The {@code rooms} and {@code messages} tables of {@link SqliteHistoryStore}: each room's history epoch, and its
 * room messages with the sender-scoped client id that makes resends idempotent; a sealed room's message keeps an
 * empty {@code text} and its body in {@code sealed} ({@link SealedBodyJson}; a column added to older files). Deletions by count and age raise the
 * room's watermark first ({@link SqliteHistoryWindows}), in the same transaction.
 *
 * <p>Not thread-safe: called with the connection's monitor held (see {@link SqliteHistoryStore}).
 */
final class SqliteRoomMessages {
    private SqliteRoomMessages() {
    }

    static void createTables(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE IF NOT EXISTS rooms (room TEXT PRIMARY KEY, epoch TEXT NOT NULL)");
        sql.execute("CREATE TABLE IF NOT EXISTS messages (room TEXT NOT NULL, id INTEGER NOT NULL,"
                + " ts INTEGER NOT NULL, sender TEXT NOT NULL, text TEXT NOT NULL, client_key TEXT, sealed TEXT,"
                + " PRIMARY KEY (room, id)) WITHOUT ROWID");
        boolean hasSealed = false;
        try (ResultSet columns = sql.executeQuery("PRAGMA table_info(messages)")) {
            while (columns.next()) {
                hasSealed |= "sealed".equals(columns.getString("name"));
            }
        }
        if (!hasSealed) { // a file written before sealed rooms: none of its messages is sealed
            sql.execute("ALTER TABLE messages ADD COLUMN sealed TEXT");
        }
    }

    /** The room's epoch, if the room is stored. */
    static Optional<String> epoch(Connection connection, String roomKey) throws SQLException {
        try (PreparedStatement epoch = connection.prepareStatement("SELECT epoch FROM rooms WHERE room = ?")) {
            epoch.setString(1, roomKey);
            try (ResultSet result = epoch.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        }
    }

    /** The room's newest {@code limit} messages, oldest first; the frames' room is left empty for the caller. */
    static List<StoredMessage> newest(Connection connection, String roomKey, int limit) throws SQLException {
        List<StoredMessage> messages = new ArrayList<>();
        try (PreparedStatement rows = connection.prepareStatement("SELECT id, ts, sender, text, client_key, sealed"
                + " FROM messages WHERE room = ? ORDER BY id DESC LIMIT ?")) {
            rows.setString(1, roomKey);
            rows.setInt(2, limit);
            try (ResultSet result = rows.executeQuery()) {
                while (result.next()) {
                    String sealed = result.getString(6);
                    messages.add(new StoredMessage(new ServerFrame.Broadcast(result.getLong(1), "",
                            result.getLong(2), result.getString(3), result.getString(4),
                            Optional.ofNullable(sealed).map(SealedBodyJson::read)),
                            Optional.ofNullable(result.getString(5))));
                }
            }
        }
        Collections.reverse(messages);
        return messages;
    }

    static PreparedStatement prepareInsert(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT OR IGNORE INTO messages"
                + " (room, id, ts, sender, text, client_key, sealed) VALUES (?, ?, ?, ?, ?, ?, ?)");
    }

    /** Adds one row to the insert's batch. */
    static void addInsert(PreparedStatement insert, String roomKey, StoredMessage stored) throws SQLException {
        ServerFrame.Broadcast m = stored.message();
        insert.setString(1, roomKey);
        insert.setLong(2, m.id());
        insert.setLong(3, m.timestamp());
        insert.setString(4, m.sender());
        insert.setString(5, m.text());
        insert.setString(6, stored.clientKey().orElse(null));
        insert.setString(7, m.sealed().map(SealedBodyJson::write).orElse(null));
        insert.addBatch();
    }

    /** Records the room's epoch, deleting its messages of any earlier one. */
    static void start(Connection connection, String roomKey, String epoch) throws SQLException {
        deleteMessages(connection, roomKey);
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT OR REPLACE INTO rooms (room, epoch) VALUES (?, ?)")) {
            upsert.setString(1, roomKey);
            upsert.setString(2, epoch);
            upsert.executeUpdate();
        }
    }

    static List<String> roomKeys(Connection connection) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement sql = connection.createStatement();
             ResultSet result = sql.executeQuery("SELECT room FROM rooms")) {
            while (result.next()) {
                keys.add(result.getString(1));
            }
        }
        return keys;
    }

    /** Deletes the room's epoch and its messages. */
    static void deleteRoom(Connection connection, String roomKey) throws SQLException {
        deleteMessages(connection, roomKey);
        try (PreparedStatement room = connection.prepareStatement("DELETE FROM rooms WHERE room = ?")) {
            room.setString(1, roomKey);
            room.executeUpdate();
        }
    }

    /** Keeps the room's newest {@code count} messages (none when 0), raising its watermark over the rest. */
    static void trimToCount(Connection connection, String roomKey, int count) throws SQLException {
        if (count == 0) {
            SqliteHistoryWindows.evictingBelow(connection, roomKey, Long.MAX_VALUE);
            deleteMessages(connection, roomKey);
            return;
        }
        Optional<Long> oldestKept = oldestKept(connection, roomKey, count);
        if (oldestKept.isEmpty()) {
            return;
        }
        SqliteHistoryWindows.evictingBelow(connection, roomKey, oldestKept.get());
        try (PreparedStatement trim = connection.prepareStatement(
                "DELETE FROM messages WHERE room = ? AND id < ?")) {
            trim.setString(1, roomKey);
            trim.setLong(2, oldestKept.get());
            trim.executeUpdate();
        }
    }

    /** The id of the oldest message the count limit keeps, when the room holds more than that limit. */
    private static Optional<Long> oldestKept(Connection connection, String roomKey, int count) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?")) {
            query.setString(1, roomKey);
            query.setInt(2, count - 1);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? Optional.of(result.getLong(1)) : Optional.empty();
            }
        }
    }

    /** Deletes every room's messages older than {@code timestampMillis}, raising the rooms' watermarks over them. */
    static void deleteOlderThan(Connection connection, long timestampMillis) throws SQLException {
        SqliteHistoryWindows.evictingOlderThan(connection, timestampMillis);
        try (PreparedStatement old = connection.prepareStatement("DELETE FROM messages WHERE ts < ?")) {
            old.setLong(1, timestampMillis);
            old.executeUpdate();
        }
    }

    private static void deleteMessages(Connection connection, String roomKey) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM messages WHERE room = ?")) {
            delete.setString(1, roomKey);
            delete.executeUpdate();
        }
    }

    /** Deletes every room's epoch and messages. */
    static void deleteAll(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate("DELETE FROM messages");
            sql.executeUpdate("DELETE FROM rooms");
        }
    }
}
