package org.safehouse.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The {@code history_windows} table of {@link SqliteHistoryStore}: per room, the largest id of a room message that
 * retention deleted in the room's current epoch. Without it a history rebuilt at start would believe its window
 * began at its oldest stored message, and a client resuming from an id deleted before the restart would be told
 * {@code recovered: true} while missing messages. Recorded in the same transaction as the deletion.
 *
 * <p>Not thread-safe: called by {@link SqliteHistoryStore} on the one thread that uses the connection at a time.
 */
final class SqliteHistoryWindows {
    /** Keeps the larger watermark: a deletion never moves a window's start back. */
    private static final String RAISE = " ON CONFLICT (room) DO UPDATE"
            + " SET evicted_through = max(evicted_through, excluded.evicted_through)";

    private SqliteHistoryWindows() {
    }

    static void createTable(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE IF NOT EXISTS history_windows (room TEXT PRIMARY KEY,"
                + " evicted_through INTEGER NOT NULL)");
    }

    /** Records the room's messages with an id below {@code id} as evicted; call just before deleting them. */
    static void evictingBelow(Connection connection, String roomKey, long id) throws SQLException {
        try (PreparedStatement raise = connection.prepareStatement("INSERT INTO history_windows (room,"
                + " evicted_through) SELECT ?, max(id) FROM messages WHERE room = ? AND id < ?"
                + " HAVING max(id) IS NOT NULL" + RAISE)) {
            raise.setString(1, roomKey);
            raise.setString(2, roomKey);
            raise.setLong(3, id);
            raise.executeUpdate();
        }
    }

    /** Records every room's messages older than {@code timestampMillis} as evicted; call just before deleting. */
    static void evictingOlderThan(Connection connection, long timestampMillis) throws SQLException {
        try (PreparedStatement raise = connection.prepareStatement("INSERT INTO history_windows (room,"
                + " evicted_through) SELECT room, max(id) FROM messages WHERE ts < ? GROUP BY room" + RAISE)) {
            raise.setLong(1, timestampMillis);
            raise.executeUpdate();
        }
    }

    /**
     * Where the room's window begins: the recorded watermark, raised past any stored message older than
     * {@code oldestLoadedId} (stored but not loaded, because the count limit was lowered). -1 when nothing left.
     */
    static long evictedThrough(Connection connection, String roomKey, long oldestLoadedId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT max(coalesce((SELECT evicted_through"
                + " FROM history_windows WHERE room = ?), -1), coalesce((SELECT max(id) FROM messages"
                + " WHERE room = ? AND id < ?), -1))")) {
            query.setString(1, roomKey);
            query.setString(2, roomKey);
            query.setLong(3, oldestLoadedId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Forgets the room's watermark: its history starts afresh (a new epoch) or is gone. */
    static void forget(Connection connection, String roomKey) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM history_windows WHERE room = ?")) {
            delete.setString(1, roomKey);
            delete.executeUpdate();
        }
    }

    /** Forgets every room's watermark. */
    static void forgetAll(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate("DELETE FROM history_windows");
        }
    }
}
