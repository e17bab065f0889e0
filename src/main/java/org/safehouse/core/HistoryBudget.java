package org.safehouse.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes all rooms' history may hold together ({@code limits.history_bytes_total}), and the rule for what goes when
 * it is full: the oldest messages of the whole server first, whichever room holds them (ids grow with time, so the
 * smallest id held is the oldest message).
 *
 * <p>An append that takes the total past the limit evicts at once ({@link #reclaimAbove} 100), so the total is never
 * more than one message over; the tick keeps it below {@value #LOW_WATER_PERCENT}% so that appends rarely have to.
 *
 * <p>Thread-safe. Each {@link RoomHistory} is guarded by its own monitor, a leaf lock: this class takes one history's
 * monitor at a time and nothing else, so it may be called holding a room's monitor (an append) or no lock (the tick).
 */
final class HistoryBudget {
    static final int LOW_WATER_PERCENT = 90;

    private final ByteBudget bytes;
    /** Histories holding at least one message. */
    private final Set<RoomHistory> holding = ConcurrentHashMap.newKeySet();

    HistoryBudget(long limit) {
        this.bytes = new ByteBudget(limit);
    }

    /** A budget that never evicts anything (tests of a single history). */
    static HistoryBudget unlimited() {
        return new HistoryBudget(Long.MAX_VALUE);
    }

    // Called by a history holding its own monitor.

    void charged(RoomHistory history, long size) {
        bytes.charge(size);
        holding.add(history);
    }

    void released(RoomHistory history, long size, boolean nowEmpty) {
        bytes.release(size);
        if (nowEmpty) {
            holding.remove(history);
        }
    }

    // Called holding no history's monitor.

    /** Evicts the oldest messages of the server until the total is at most {@code percent}% of the limit. */
    void reclaimAbove(int percent) {
        while (bytes.above(percent)) {
            RoomHistory oldest = null;
            long oldestId = Long.MAX_VALUE;
            for (RoomHistory history : holding) {
                long id = history.oldestId();
                if (id < oldestId) {
                    oldestId = id;
                    oldest = history;
                }
            }
            if (oldest == null) {
                return;
            }
            if (!oldest.evictOldestMessage()) {
                holding.remove(oldest); // emptied meanwhile
            }
        }
    }

    long used() {
        return bytes.used();
    }

    long limit() {
        return bytes.limit();
    }
}
