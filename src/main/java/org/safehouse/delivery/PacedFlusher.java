package org.safehouse.delivery;

import java.lang.System.Logger.Level;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link WritePacer} of a server: one thread that runs each connection's paced flush when its gap has passed. Every
 * flush is asked for at most one gap ahead ({@link OutboundQueue} asks at its previous send's start plus the gap), so
 * a first-in first-out list is enough: a flush waits at most for those queued before it, which are due within the same
 * gap. The thread starts on the first flush asked for (a server whose connections never send faster than the gap has
 * none) and sleeps while nothing is due; flushes only start non-blocking sends. Thread-safe.
 */
public final class PacedFlusher implements WritePacer, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PacedFlusher.class.getName());

    private record Flush(long atNanos, Runnable task) {
    }

    private final long gapNanos;
    private final ConcurrentLinkedQueue<Flush> due = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean idle; // the thread sleeps until a flush is asked for
    private volatile boolean stopped;

    /** @param gapMillis the least time between two sends of one connection; 0 turns pacing off */
    public PacedFlusher(int gapMillis) {
        if (gapMillis < 0) {
            throw new IllegalArgumentException("gap must not be negative");
        }
        this.gapNanos = TimeUnit.MILLISECONDS.toNanos(gapMillis);
    }

    @Override
    public long gapNanos() {
        return gapNanos;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void flushAt(long atNanos, Runnable flush) {
        if (stopped) {
            return; // the server is stopping: its connections are being closed
        }
        due.add(new Flush(atNanos, flush));
        Thread flusher = thread != null ? thread : started();
        if (idle) {
            LockSupport.unpark(flusher);
        }
    }

    private synchronized Thread started() {
        if (thread == null) {
            Thread flusher = new Thread(this::run, "safehouse-paced-flush");
            flusher.setDaemon(true);
            flusher.start();
            thread = flusher;
        }
        return thread;
    }

    private void run() {
        while (!stopped) {
            Flush next = due.peek();
            if (next == null) {
                idle = true;
                if (due.isEmpty() && !stopped) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            long wait = next.atNanos() - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            due.poll(); // only this thread takes: it is `next`
            try {
                next.task().run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "a paced flush failed", e);
            }
        }
    }

    /** Stops the thread; flushes not yet due are dropped (their connections are closing). */
    @Override
    public void close() {
        stopped = true;
        due.clear();
        Thread flusher = thread;
        if (flusher != null) {
            LockSupport.unpark(flusher);
        }
    }
}
