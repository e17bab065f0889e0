package org.safehouse.launcher;

import java.io.PrintStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes log lines on one thread of its own, so that threads that log never wait for each other or for standard
 * error. java.util.logging's console handler writes and flushes each line under one lock: in a storm of 5,000
 * connections each logging its "opened" line, threads queued on that lock and the server spent half as much CPU
 * again. Records wait in a bounded queue ({@value #CAPACITY}); when it is full a record is dropped, never waited
 * for, and the writer says how many it dropped. {@link #close()} writes what is queued, then stops.
 */
final class AsyncLogHandler extends Handler {
    static final int CAPACITY = 16_384;

    private final BlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final PrintStream out;
    private final Thread writer;
    private volatile boolean closed;

    AsyncLogHandler(PrintStream out, Formatter formatter, Level level) {
        this.out = out;
        setFormatter(formatter);
        setLevel(level);
        writer = new Thread(this::writeUntilClosed, "safehouse-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void publish(LogRecord record) {
        if (closed || !isLoggable(record)) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Writes what is queued, then stops the writer; later records are ignored. Waits at most a few seconds. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        StringBuilder batch = new StringBuilder();
        while (true) {
            LogRecord record;
            try {
                record = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (record == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            do {
                append(batch, record);
                record = queue.poll();
            } while (record != null && batch.length() < 64 * 1024);
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                batch.append("safehouse: ").append(lost).append(" log lines dropped: the log writer fell behind")
                        .append(System.lineSeparator());
            }
            out.print(batch);
            out.flush();
            batch.setLength(0);
        }
    }

    private void append(StringBuilder batch, LogRecord record) {
        try {
            batch.append(getFormatter().format(record));
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
        }
    }
}
