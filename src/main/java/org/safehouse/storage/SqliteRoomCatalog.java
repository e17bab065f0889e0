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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.safehouse.core.InviteStore;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.RoomRules;
import org.safehouse.core.ServerBan;
import org.safehouse.crypto.FilePermissions;

/**
 * The rooms created by joins, in a {@code room_catalog} table of the history's SQLite file (owner-only, like the
 * file itself): key, name, title, Argon2id verifier (PHC string; never a password), require_encryption and the
 * room's rules as JSON ({@link RoomRulesJson}; a column added to files from before rules, NULL reading as
 * {@link RoomRules#DEFAULT}). Configured rooms have a row too, for their rules. Beside it, the operator's tables
 * ({@link SqliteOperatorTables}): the server secret, server-wide address bans, rotated passwords. Its own JDBC
 * connection and one writer thread, so {@link #remember} and {@link #forget} never block their caller; writes are
 * few (a room created, its rules changed, a room gone) and applied in call order. {@link #load} runs on the caller's
 * thread at start, and so does {@link #open}, which creates the server secret once.
 */
public final class SqliteRoomCatalog implements RoomCatalog {
    private static final System.Logger LOG = System.getLogger(SqliteRoomCatalog.class.getName());

    private final Connection connection;
    /** Created once per file and kept in it, so address-ban digests outlive a restart. */
    private final byte[] serverSecret;
    private final SqliteOperatorTables operatorTables;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "safehouse-room-catalog");
        thread.setDaemon(true);
        return thread;
    });

    private SqliteRoomCatalog(Connection connection, SqliteOperatorTables operatorTables, byte[] serverSecret) {
        this.connection = connection;
        this.operatorTables = operatorTables;
        this.serverSecret = serverSecret;
    }

    /** Opens (creating owner-only if needed) the file and the table. */
    public static SqliteRoomCatalog open(Path file) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            FilePermissions.createOwnerOnlyDirectories(directory);
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement sql = connection.createStatement()) {
                sql.execute("PRAGMA secure_delete = ON");
                sql.execute("PRAGMA busy_timeout = 10000");
                sql.execute("CREATE TABLE IF NOT EXISTS room_catalog (room TEXT PRIMARY KEY, name TEXT NOT NULL,"
                        + " title TEXT NOT NULL, password_hash TEXT, require_encryption INTEGER NOT NULL, rules TEXT)");
                addRulesColumnIfMissing(sql);
                SqliteInviteJournal.createTables(connection);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            SqliteOperatorTables operatorTables;
            byte[] secret;
            try {
                operatorTables = SqliteOperatorTables.create(connection);
                secret = operatorTables.serverSecret();
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            if (FilePermissions.supportsPosix(file)) {
                Files.setPosixFilePermissions(file, FilePermissions.OWNER_ONLY_FILE);
            }
            return new SqliteRoomCatalog(connection, operatorTables, secret);
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** A file written before rooms had rules: its rows get a NULL rules column, read as the defaults. */
    private static void addRulesColumnIfMissing(Statement sql) throws SQLException {
        try (ResultSet columns = sql.executeQuery("PRAGMA table_info(room_catalog)")) {
            while (columns.next()) {
                if ("rules".equals(columns.getString("name"))) {
                    return;
                }
            }
        }
        sql.execute("ALTER TABLE room_catalog ADD COLUMN rules TEXT");
    }

    @Override
    public List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        synchronized (connection) {
            try (Statement sql = connection.createStatement();
                 ResultSet rows = sql.executeQuery("SELECT room, name, title, password_hash, require_encryption,"
                         + " rules FROM room_catalog ORDER BY room")) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getString(1), rows.getString(2), rows.getString(3),
                            Optional.ofNullable(rows.getString(4)), rows.getInt(5) != 0,
                            RoomRulesJson.read(rows.getString(6))));
                }
            } catch (IllegalArgumentException e) { // losing a room's bans silently would let the banned back in
                throw new IllegalStateException("the room catalog holds rules this version cannot read: "
                        + e.getMessage(), e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the room catalog: " + e.getMessage(), e);
            }
        }
        return entries;
    }

    @Override
    public void remember(Entry entry) {
        write(() -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT OR REPLACE INTO room_catalog"
                    + " (room, name, title, password_hash, require_encryption, rules) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, entry.key());
                insert.setString(2, entry.name());
                insert.setString(3, entry.title());
                insert.setString(4, entry.passwordHash().orElse(null));
                insert.setInt(5, entry.requireEncryption() ? 1 : 0);
                insert.setString(6, RoomRulesJson.write(entry.rules()));
                insert.executeUpdate();
            }
        });
    }

    @Override
    public void forget(String roomKey) {
        write(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM room_catalog WHERE room = ?")) {
                delete.setString(1, roomKey);
                delete.executeUpdate();
            }
        });
    }

    @Override
    public List<ServerBan> loadServerBans() {
        synchronized (connection) {
            try {
                return operatorTables.loadBans();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the server bans: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void rememberServerBan(ServerBan ban) {
        write(() -> operatorTables.rememberBan(ban));
    }

    @Override
    public void forgetServerBan(String id) {
        write(() -> operatorTables.forgetBan(id));
    }

    @Override
    public Optional<String> rotatedPassword(String roomKey) {
        synchronized (connection) {
            try {
                return operatorTables.rotatedPassword(roomKey);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the rotated passwords: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void rotatePassword(String roomKey, String passwordHash) {
        write(() -> operatorTables.rotatePassword(roomKey, passwordHash));
    }

    /** The invites and admissions the file keeps, each later change written back on the writer thread. */
    @Override
    public InviteStore invites() {
        synchronized (connection) {
            try {
                return SqliteInviteJournal.load(connection, write -> write(() -> write.run(connection)));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the invites: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean keepsRooms() {
        return true;
    }

    @Override
    public byte[] serverSecret() {
        return serverSecret.clone();
    }

    /** Finishes the queued writes, then closes the connection. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (connection) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "closing the room catalog failed: " + e.getMessage());
            }
        }
    }

    @FunctionalInterface
    private interface Write {
        void run() throws SQLException;
    }

    private void write(Write write) {
        try {
            writer.execute(() -> {
                synchronized (connection) {
                    try {
                        write.run();
                    } catch (SQLException e) {
                        LOG.log(Level.ERROR, "the room catalog could not be written: " + e.getMessage());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "room catalog closed; a change was not stored");
        }
    }
}
