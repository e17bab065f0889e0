package org.safehouse.core;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A server-wide byte budget that structures of many rooms charge as they grow and release as they shrink.
 * {@link HistoryBudget} uses one for all rooms' history; the private mailboxes can charge another for all rooms'
 * queued private messages. It only counts; the structure that charged decides what to give up when the budget is
 * exceeded. Thread-safe, lock-free, never blocks, so it may be used under any core lock.
 */
final class ByteBudget {
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    ByteBudget(long limit) {
        this.limit = limit;
    }

    void charge(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }

    /** Whether more is charged than the limit allows. */
    boolean exceeded() {
        return used.get() > limit;
    }

    /** Whether more is charged than {@code percent} of the limit. */
    boolean above(int percent) {
        return used.get() > limit / 100 * percent;
    }

    long used() {
        return used.get();
    }

    long limit() {
        return limit;
    }
}
