package org.safehouse.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.safehouse.core.InMemoryInviteStore;
import org.safehouse.core.InviteStore;

/**
 * Sealed rooms' invites and admissions in the room catalog's file, so links and admissions outlive a restart:
 * {@code room_invites} (the token's SHA-256, never the token; the verifier tag, the inviter's key fingerprint and
 * nickname, uses and expiry) and {@code room_admissions} (key fingerprint and verifier tag). The store in memory
 * ({@link InMemoryInviteStore}) decides; this journal only writes its changes, through the catalog's one writer
 * thread, so it never blocks. Used only by {@link SqliteRoomCatalog}, holding its connection's monitor.
 */
final class SqliteInviteJournal implements InMemoryInviteStore.Journal {

    /** One write, run on the catalog's writer thread holding the connection's monitor. */
    @FunctionalInterface
    interface Write {
        void run(Connection connection) throws SQLException;
    }

    private final Consumer<Write> writer;

    private SqliteInviteJournal(Consumer<Write> writer) {
        this.writer = writer;
    }

    static void createTables(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS room_invites (room TEXT NOT NULL, token_hash TEXT NOT NULL,"
                    + " invite_id TEXT NOT NULL, verifier_tag TEXT NOT NULL, by_key TEXT NOT NULL,"
                    + " by_nick TEXT NOT NULL, max_uses INTEGER NOT NULL, uses_left INTEGER NOT NULL,"
                    + " expires_ms INTEGER NOT NULL, PRIMARY KEY (room, token_hash))");
            sql.execute("CREATE TABLE IF NOT EXISTS room_admissions (room TEXT NOT NULL, key_fingerprint TEXT NOT NULL,"
                    + " verifier_tag TEXT NOT NULL, admitted_ms INTEGER NOT NULL, PRIMARY KEY (room, key_fingerprint))");
        }
    }

    /** The store as the file keeps it, writing every later change back through {@code writer}. At start. */
    static InMemoryInviteStore load(Connection connection, Consumer<Write> writer) throws SQLException {
        InMemoryInviteStore store = new InMemoryInviteStore(new SqliteInviteJournal(writer));
        try (Statement sql = connection.createStatement()) {
            try (ResultSet rows = sql.executeQuery("SELECT room, invite_id, token_hash, verifier_tag, by_key,"
                    + " by_nick, max_uses, uses_left, expires_ms FROM room_invites ORDER BY rowid")) {
                while (rows.next()) {
                    store.restore(rows.getString(1), new InviteStore.Invite(rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getInt(7), rows.getInt(8),
                            rows.getLong(9)));
                }
            }
            try (ResultSet rows = sql.executeQuery("SELECT room, key_fingerprint, verifier_tag, admitted_ms"
                    + " FROM room_admissions ORDER BY admitted_ms")) {
                while (rows.next()) {
                    store.restore(rows.getString(1), new InviteStore.Admission(rows.getString(2),
                            rows.getString(3), rows.getLong(4)));
                }
            }
        }
        return store;
    }

    @Override
    public void saved(String roomKey, InviteStore.Invite invite) {
        writer.accept(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO room_invites (room,"
                    + " token_hash, invite_id, verifier_tag, by_key, by_nick, max_uses, uses_left, expires_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, roomKey);
                insert.setString(2, invite.tokenHash());
                insert.setString(3, invite.inviteId());
                insert.setString(4, invite.verifierTag());
                insert.setString(5, invite.byKey());
                insert.setString(6, invite.byNick());
                insert.setInt(7, invite.maxUses());
                insert.setInt(8, invite.usesLeft());
                insert.setLong(9, invite.expiresMs());
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void removed(String roomKey, String tokenHash) {
        delete("DELETE FROM room_invites WHERE room = ? AND token_hash = ?", roomKey, tokenHash);
    }

    @Override
    public void admitted(String roomKey, InviteStore.Admission admission) {
        writer.accept(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO room_admissions"
                    + " (room, key_fingerprint, verifier_tag, admitted_ms) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, roomKey);
                insert.setString(2, admission.keyFingerprint());
                insert.setString(3, admission.verifierTag());
                insert.setLong(4, admission.admittedMs());
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void unadmitted(String roomKey, String keyFingerprint) {
        delete("DELETE FROM room_admissions WHERE room = ? AND key_fingerprint = ?", roomKey, keyFingerprint);
    }

    @Override
    public void roomDropped(String roomKey) {
        delete("DELETE FROM room_invites WHERE room = ?", roomKey);
        delete("DELETE FROM room_admissions WHERE room = ?", roomKey);
    }

    private void delete(String statement, String... values) {
        writer.accept(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(statement)) {
                for (int i = 0; i < values.length; i++) {
                    delete.setString(i + 1, values[i]);
                }
                delete.executeUpdate();
            }
        });
    }
}
