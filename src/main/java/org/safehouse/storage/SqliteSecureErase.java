package org.safehouse.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a purge does after its deletions are committed, so that nothing deleted is left in the history's files.
 * {@code secure_delete} already zeroed the deleted cells and freed pages, and the rollback journal that held their
 * old content was deleted at the commit; {@code VACUUM} then rebuilds the file (through an in-memory temporary
 * database, {@code temp_store = MEMORY}), so no free page, no slack of a page and no overflow chain of an old row
 * survives, and the file shrinks to what is kept. {@code wal_checkpoint(TRUNCATE)} empties a write-ahead log, should
 * the file ever be in WAL mode (the store keeps a rollback journal: then it does nothing).
 *
 * <p>What stays out of reach: the filesystem's and the disk's own copies (journaling filesystems, SSD wear
 * levelling, backups, swap). docs/SECURITY.md says so.
 *
 * <p>Not thread-safe: run by the writer thread with the connection's monitor held, between transactions.
 */
final class SqliteSecureErase {
    /** How long the erase waits for the room catalog's connection to finish a write on the same file. */
    static final int BUSY_TIMEOUT_MILLIS = 10_000;

    private SqliteSecureErase() {
    }

    /** Rebuilds the file and truncates a WAL; leaves the connection as it found it (no auto-commit). */
    static void erase(Connection connection) throws SQLException {
        connection.commit();
        connection.setAutoCommit(true); // VACUUM cannot run inside a transaction
        try (Statement sql = connection.createStatement()) {
            sql.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MILLIS);
            sql.execute("VACUUM");
            try (ResultSet checkpoint = sql.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (checkpoint.next() && checkpoint.getInt(1) != 0) {
                    throw new SQLException("the write-ahead log could not be truncated (busy)");
                }
            }
        } finally {
            connection.setAutoCommit(false);
        }
    }
}
