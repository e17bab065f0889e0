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
import org.safehouse.core.ProvenIdentity;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * The {@code private_messages} table of {@link SqliteHistoryStore}: end-to-end encrypted private messages waiting
 * for (or kept for) their two parties. Each row holds the recipient's frame as columns (the encrypted body's fields:
 * ciphertext, IV, counter, signature, the client's id) and both parties' public identities; the server never has a
 * plain text to store. Retention mirrors the room messages: the same count per room and the same maximum age.
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
                + " PRIMARY KEY (room, id)) WITHOUT ROWID");
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

    /** The room's newest {@code limit} messages, oldest first; the frames' room is left empty for the caller. */
    static List<StoredPrivate> load(Connection connection, String roomKey, int limit) throws SQLException {
        List<StoredPrivate> messages = new ArrayList<>();
        try (PreparedStatement rows = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM private_messages WHERE room = ? ORDER BY id DESC LIMIT ?")) {
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
                }
            }
        }
        Collections.reverse(messages);
        return messages;
    }

    /** Deletes all but the room's newest {@code keep} rows. */
    static void trimToCount(Connection connection, String roomKey, int keep) throws SQLException {
        if (keep <= 0) {
            deleteRoom(connection, roomKey);
            return;
        }
        try (PreparedStatement trim = connection.prepareStatement("DELETE FROM private_messages WHERE room = ?"
                + " AND id < (SELECT id FROM private_messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            trim.setString(1, roomKey);
            trim.setString(2, roomKey);
            trim.setInt(3, keep - 1);
            trim.executeUpdate();
        }
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
}
