package org.safehouse.storage;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.safehouse.config.Limits;

/**
 * The writer thread of {@link SqliteHistoryStore}: takes up to {@value #MAX_BATCH} tasks at a time from the
 * {@link WriteQueue}, applies them in one transaction ({@link SqliteWriteBatch}) with the connection's monitor held,
 * (and, after a purge, erases the file: {@link SqliteSecureErase}), releases the monitor, then runs the batch's
 * callbacks. It wakes at least every second, so the age limit is swept
 * (every {@value #AGE_SWEEP_MILLIS} ms) even while nothing is written. It stops once the queue is closed and empty.
 */
final class SqliteHistoryWriter implements Runnable {
    private static final System.Logger LOG = System.getLogger(SqliteHistoryWriter.class.getName());
    static final int MAX_BATCH = 512;
    static final long AGE_SWEEP_MILLIS = 60_000;
    private static final long IDLE_WAKE_MILLIS = 1_000;

    private final Connection connection;
    private final Limits limits;
    private final Clock clock;
    private final WriteQueue queue;
    private long lastAgeSweep;

    SqliteHistoryWriter(Connection connection, Limits limits, Clock clock, WriteQueue queue) {
        this.connection = connection;
        this.limits = limits;
        this.clock = clock;
        this.queue = queue;
        this.lastAgeSweep = clock.millis();
    }

    @Override
    public void run() {
        while (!queue.drained()) {
            List<WriteTask> batch;
            try {
                batch = queue.take(MAX_BATCH, IDLE_WAKE_MILLIS);
            } catch (InterruptedException e) {
                continue; // stopping is the queue's close, not an interrupt: store what is queued first
            }
            long now = clock.millis();
            boolean sweepDue = now - lastAgeSweep >= AGE_SWEEP_MILLIS;
            if (!batch.isEmpty() || sweepDue) {
                long sweepBefore = Long.MIN_VALUE;
                if (sweepDue) {
                    lastAgeSweep = now;
                    if (limits.historyMaxAgeSeconds() > 0) {
                        sweepBefore = now - limits.historyMaxAgeSeconds() * 1000L;
                    }
                }
                runAll(write(batch, sweepBefore));
            }
        }
    }

    /** @return the callbacks to run now that the batch is committed (none when it failed) */
    private List<Runnable> write(List<WriteTask> batch, long sweepBefore) {
        synchronized (connection) {
            try (SqliteWriteBatch transaction = new SqliteWriteBatch(connection, limits)) {
                try {
                    for (WriteTask task : batch) {
                        task.applyTo(transaction);
                    }
                    List<Runnable> callbacks = transaction.commit(sweepBefore);
                    if (transaction.erasesAfterCommit()) {
                        erase();
                    }
                    return callbacks;
                } catch (SQLException | RuntimeException e) {
                    LOG.log(Level.ERROR, "storing room history failed; " + transaction.callbacks()
                            + " messages not acknowledged: " + e.getMessage());
                    rollback();
                    return List.of();
                }
            } catch (SQLException e) {
                LOG.log(Level.ERROR, "storing room history failed: " + e.getMessage());
                rollback();
                return List.of();
            }
        }
    }

    /** A purge's deletions are committed: rebuild the file so none of their bytes is left (logged when it fails). */
    private void erase() {
        try {
            SqliteSecureErase.erase(connection);
            LOG.log(Level.INFO, "room history purged and the file rebuilt (VACUUM)");
        } catch (SQLException e) {
            LOG.log(Level.ERROR, "purged room history, but rebuilding the file failed: " + e.getMessage());
        }
    }

    private void rollback() {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            LOG.log(Level.ERROR, "rollback failed: " + rollback.getMessage());
        }
    }

    private static void runAll(List<Runnable> callbacks) {
        for (Runnable callback : callbacks) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "an acknowledgement failed: " + e.getClass().getName());
            }
        }
    }
}
