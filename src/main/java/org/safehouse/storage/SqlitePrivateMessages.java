package org.safehouse.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safehouse.core.ProvenIdentity;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * The {@code private_messages} table of {@link SqliteHistoryStore}: end-to-end encrypted private messages waiting
 * for (or kept for) their two parties. Each row holds the recipient's frame as columns (the encrypted body's fields:
 * ciphertext, IV, counter, signature, the client's id) and both parties' public identities; the server never has a
 * plain text to store, and whether the recipient already has it ({@code delivered}). The rooms' mailboxes decide
 * what is kept under their caps ({@code mailbox_*}): this table deletes exactly what they displaced, plus what is
 * older than {@code history_max_age_seconds}, so a restart brings back the same queues.
 *
 * <p>Not thread-safe: called by {@link SqliteHistoryStore} on the one thread that uses the connection at a time.
 */
final class SqlitePrivateMessages {
    private static final String COLUMNS = "room, id, ts, sender, sender_key, sender_signing, recipient,"
            + " recipient_key, recipient_signing, client_msg_id, ciphertext, iv, counter, signature";

    private SqlitePrivateMessages() {
    }

    static void createTable(Statement sql) throws SQLException {
        sql.execute("CREATE TABLE IF NOT EXISTS private_messages (room TEXT NOT NULL, id INTEGER NOT NULL,"
                + " ts INTEGER NOT NULL, sender TEXT NOT NULL, sender_key TEXT NOT NULL,"
                + " sender_signing TEXT NOT NULL, recipient TEXT NOT NULL, recipient_key TEXT NOT NULL,"
                + " recipient_signing TEXT NOT NULL, client_msg_id TEXT NOT NULL, ciphertext TEXT NOT NULL,"
                + " iv TEXT NOT NULL, counter INTEGER NOT NULL, signature TEXT NOT NULL,"
                + " delivered INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (room, id)) WITHOUT ROWID");
        boolean hasDelivered = false;
        try (ResultSet columns = sql.executeQuery("PRAGMA table_info(private_messages)")) {
            while (columns.next()) {
                hasDelivered |= "delivered".equals(columns.getString("name"));
            }
        }
        if (!hasDelivered) { // a file written before deliveries were recorded: what it kept counts as waiting
            sql.execute("ALTER TABLE private_messages ADD COLUMN delivered INTEGER NOT NULL DEFAULT 0");
        }
    }

    static PreparedStatement prepareInsert(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT OR IGNORE INTO private_messages (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Adds one row to the insert's batch. */
    static void addInsert(PreparedStatement insert, String roomKey, StoredPrivate message) throws SQLException {
        ServerFrame.PrivateMessage m = message.toRecipient();
        EncryptedBody body = m.encrypted().orElseThrow(
                () -> new IllegalArgumentException("only encrypted private messages are stored"));
        insert.setString(1, roomKey);
        insert.setLong(2, m.id());
        insert.setLong(3, m.timestamp());
        insert.setString(4, message.sender().nick());
        insert.setString(5, message.sender().nickKey());
        insert.setString(6, message.sender().signingKey());
        insert.setString(7, message.recipient().nick());
        insert.setString(8, message.recipient().nickKey());
        insert.setString(9, message.recipient().signingKey());
        insert.setString(10, body.clientMsgId());
        insert.setString(11, body.ciphertext());
        insert.setString(12, body.iv());
        insert.setLong(13, body.counter());
        insert.setString(14, body.signature());
        insert.addBatch();
    }

    /**
     * The room's newest {@code limit} messages, oldest first; the frames' room is left empty for the caller. The ids
     * of those already delivered are added to {@code delivered}.
     */
    static List<StoredPrivate> load(Connection connection, String roomKey, int limit, Set<Long> delivered)
            throws SQLException {
        List<StoredPrivate> messages = new ArrayList<>();
        try (PreparedStatement rows = connection.prepareStatement("SELECT " + COLUMNS
                + ", delivered FROM private_messages WHERE room = ? ORDER BY id DESC LIMIT ?")) {
            rows.setString(1, roomKey);
            rows.setInt(2, limit);
            try (ResultSet r = rows.executeQuery()) {
                while (r.next()) {
                    ProvenIdentity sender = new ProvenIdentity(r.getString(4), r.getString(5), r.getString(6));
                    ProvenIdentity recipient = new ProvenIdentity(r.getString(7), r.getString(8), r.getString(9));
                    EncryptedBody body = new EncryptedBody(r.getString(10), r.getString(11), r.getString(12),
                            r.getLong(13), r.getString(14));
                    ServerFrame.PrivateMessage frame = new ServerFrame.PrivateMessage(r.getLong(2), "", r.getLong(3),
                            sender.nick(), Optional.empty(), Optional.empty(), Optional.of(body), false);
                    messages.add(new StoredPrivate(frame, sender, recipient));
                    if (r.getInt(15) != 0) {
                        delivered.add(frame.id());
                    }
                }
            }
        }
        Collections.reverse(messages);
        return messages;
    }

    static void markDelivered(Connection connection, String roomKey, Collection<Long> ids) throws SQLException {
        try (PreparedStatement mark = connection.prepareStatement(
                "UPDATE private_messages SET delivered = 1 WHERE room = ? AND id = ?")) {
            forEachId(mark, roomKey, ids);
        }
    }

    static void delete(Connection connection, String roomKey, Collection<Long> ids) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM private_messages WHERE room = ? AND id = ?")) {
            forEachId(delete, roomKey, ids);
        }
    }

    private static void forEachId(PreparedStatement statement, String roomKey, Collection<Long> ids)
            throws SQLException {
        for (long id : ids) {
            statement.setString(1, roomKey);
            statement.setLong(2, id);
            statement.addBatch();
        }
        statement.executeBatch();
    }

    static void deleteOlderThan(Connection connection, long timestampMillis) throws SQLException {
        try (PreparedStatement old = connection.prepareStatement("DELETE FROM private_messages WHERE ts < ?")) {
            old.setLong(1, timestampMillis);
            old.executeUpdate();
        }
    }

    static void deleteRoom(Connection connection, String roomKey) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM private_messages WHERE room = ?")) {
            delete.setString(1, roomKey);
            delete.executeUpdate();
        }
    }

    /** Deletes every room's private messages. */
    static void deleteAll(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.executeUpdate("DELETE FROM private_messages");
        }
    }
}
