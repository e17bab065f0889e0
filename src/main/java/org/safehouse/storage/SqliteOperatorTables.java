package org.safehouse.storage;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.safehouse.core.AddressGroupHmac;
import org.safehouse.core.ServerBan;

/**
 * The operator's tables in the room catalog's file: {@code server_secret} (one row:
 * {@link AddressGroupHmac#SECRET_BYTES} random bytes, created once, keying the address digests),
 * {@code server_bans} (server-wide address-group bans, by digest, never by address) and {@code rotated_passwords}
 * (verifiers the operator set for configured rooms). Used only by {@link SqliteRoomCatalog}, holding its
 * connection's monitor.
 */
final class SqliteOperatorTables {
    private final Connection connection;

    private SqliteOperatorTables(Connection connection) {
        this.connection = connection;
    }

    static SqliteOperatorTables create(Connection connection) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE IF NOT EXISTS server_secret (id INTEGER PRIMARY KEY CHECK (id = 1),"
                    + " secret BLOB NOT NULL)");
            sql.execute("CREATE TABLE IF NOT EXISTS server_bans (id TEXT PRIMARY KEY, address_digest TEXT NOT NULL,"
                    + " reason TEXT, banned_by TEXT NOT NULL, created_ms INTEGER NOT NULL, until_ms INTEGER)");
            sql.execute("CREATE TABLE IF NOT EXISTS rotated_passwords (room TEXT PRIMARY KEY,"
                    + " password_hash TEXT NOT NULL)");
        }
        return new SqliteOperatorTables(connection);
    }

    /** The file's secret; created (and kept) on the first call for a new file. */
    byte[] serverSecret() throws SQLException {
        try (Statement sql = connection.createStatement();
             ResultSet row = sql.executeQuery("SELECT secret FROM server_secret WHERE id = 1")) {
            if (row.next()) {
                return row.getBytes(1);
            }
        }
        byte[] secret = new byte[AddressGroupHmac.SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO server_secret (id, secret) VALUES (1, ?)")) {
            insert.setBytes(1, secret);
            insert.executeUpdate();
        }
        return secret;
    }

    List<ServerBan> loadBans() throws SQLException {
        List<ServerBan> bans = new ArrayList<>();
        try (Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery("SELECT id, address_digest, reason, banned_by, created_ms, until_ms"
                     + " FROM server_bans ORDER BY created_ms, id")) {
            while (rows.next()) {
                long until = rows.getLong(6);
                OptionalLong untilMs = rows.wasNull() ? OptionalLong.empty() : OptionalLong.of(until);
                bans.add(new ServerBan(rows.getString(1), rows.getString(2), Optional.ofNullable(rows.getString(3)),
                        rows.getString(4), rows.getLong(5), untilMs));
            }
        }
        return bans;
    }

    void rememberBan(ServerBan ban) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO server_bans"
                + " (id, address_digest, reason, banned_by, created_ms, until_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, ban.id());
            insert.setString(2, ban.addressDigest());
            insert.setString(3, ban.reason().orElse(null));
            insert.setString(4, ban.by());
            insert.setLong(5, ban.createdMs());
            if (ban.untilMs().isPresent()) {
                insert.setLong(6, ban.untilMs().getAsLong());
            } else {
                insert.setNull(6, Types.INTEGER);
            }
            insert.executeUpdate();
        }
    }

    void forgetBan(String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM server_bans WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    Optional<String> rotatedPassword(String roomKey) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT password_hash FROM rotated_passwords WHERE room = ?")) {
            select.setString(1, roomKey);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    void rotatePassword(String roomKey, String passwordHash) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR REPLACE INTO rotated_passwords (room, password_hash) VALUES (?, ?)")) {
            insert.setString(1, roomKey);
            insert.setString(2, passwordHash);
            insert.executeUpdate();
        }
    }
}
