package org.safehouse.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.safehouse.config.Limits;
import org.safehouse.core.HistoryStore.StoredMessage;
import org.safehouse.core.HistoryStore.StoredPrivate;

/**
 * One transaction of the writer: the {@link WriteTask}s of a batch applied in queue order, then retention (the count
 * limit of each room appended to, and the age limit when a sweep is due), then one commit: group commit, so a burst
 * costs one sync. Appends are gathered into JDBC batches, sent before any other task so that order holds.
 *
 * <p>Not thread-safe: used by the writer thread alone, with the connection's monitor held.
 */
final class SqliteWriteBatch implements AutoCloseable {
    private final Connection connection;
    private final Limits limits;
    private final PreparedStatement insertMessages;
    private final PreparedStatement insertPrivate;
    private boolean insertsPending;
    private final Set<String> appendedRooms = new LinkedHashSet<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean eraseAfterCommit;

    SqliteWriteBatch(Connection connection, Limits limits) throws SQLException {
        this.connection = connection;
        this.limits = limits;
        this.insertMessages = SqliteRoomMessages.prepareInsert(connection);
        PreparedStatement prepared = null;
        try {
            prepared = SqlitePrivateMessages.prepareInsert(connection);
        } finally {
            if (prepared == null) {
                insertMessages.close();
            }
        }
        this.insertPrivate = prepared;
    }

    void insertMessage(String roomKey, StoredMessage message) throws SQLException {
        SqliteRoomMessages.addInsert(insertMessages, roomKey, message);
        insertsPending = true;
        appendedRooms.add(roomKey);
    }

    void insertPrivate(String roomKey, StoredPrivate message) throws SQLException {
        SqlitePrivateMessages.addInsert(insertPrivate, roomKey, message);
        insertsPending = true;
    }

    /** Runs {@code callback} once the batch is committed; never, if it fails. */
    void afterCommit(Runnable callback) {
        afterCommit.add(callback);
    }

    void markDelivered(String roomKey, List<Long> ids) throws SQLException {
        sendInserts();
        SqlitePrivateMessages.markDelivered(connection, roomKey, ids);
    }

    void deletePrivate(String roomKey, List<Long> ids) throws SQLException {
        sendInserts();
        SqlitePrivateMessages.delete(connection, roomKey, ids);
    }

    void startRoom(String roomKey, String epoch) throws SQLException {
        sendInserts();
        SqliteRoomMessages.start(connection, roomKey, epoch);
        SqlitePrivateMessages.deleteRoom(connection, roomKey);
        SqliteHistoryWindows.forget(connection, roomKey);
    }

    void keepOnly(Set<String> roomKeys) throws SQLException {
        sendInserts();
        for (String room : SqliteRoomMessages.roomKeys(connection)) {
            if (!roomKeys.contains(room)) {
                dropRoom(room);
            }
        }
    }

    void dropRoom(String roomKey) throws SQLException {
        sendInserts();
        SqliteRoomMessages.deleteRoom(connection, roomKey);
        SqlitePrivateMessages.deleteRoom(connection, roomKey);
        SqliteHistoryWindows.forget(connection, roomKey);
    }

    /** Every room's messages, private messages and window: the server's panic wipe. */
    void dropAllRooms() throws SQLException {
        sendInserts();
        SqliteRoomMessages.deleteAll(connection);
        SqlitePrivateMessages.deleteAll(connection);
        SqliteHistoryWindows.forgetAll(connection);
    }

    /** Asks the writer to erase the file ({@link SqliteSecureErase}) once this batch is committed: a purge. */
    void eraseAfterCommit() {
        eraseAfterCommit = true;
    }

    /** Whether a task of the batch asked for {@link #eraseAfterCommit}. */
    boolean erasesAfterCommit() {
        return eraseAfterCommit;
    }

    /**
     * Applies retention and commits.
     *
     * @param sweepBefore delete what is older than this (epoch millis), or {@code Long.MIN_VALUE} for no age sweep
     * @return the callbacks to run now that the batch is kept, in queue order
     */
    List<Runnable> commit(long sweepBefore) throws SQLException {
        sendInserts();
        for (String room : appendedRooms) {
            SqliteRoomMessages.trimToCount(connection, room, limits.historyMessages());
        }
        if (sweepBefore != Long.MIN_VALUE) {
            SqliteRoomMessages.deleteOlderThan(connection, sweepBefore);
            SqlitePrivateMessages.deleteOlderThan(connection, sweepBefore);
        }
        connection.commit();
        return List.copyOf(afterCommit);
    }

    /** How many callbacks a failed commit leaves unrun (for the log). */
    int callbacks() {
        return afterCommit.size();
    }

    private void sendInserts() throws SQLException {
        if (insertsPending) {
            insertMessages.executeBatch();
            insertPrivate.executeBatch();
            insertsPending = false;
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            insertMessages.close();
        } finally {
            insertPrivate.close();
        }
    }
}
