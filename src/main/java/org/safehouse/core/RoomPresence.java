package org.safehouse.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One room's presence changes not yet told to its members, and when they were last told. The pending changes are
 * guarded by the room's monitor (its {@link Room} is the only writer); the flush time is read and written by the tick
 * alone ({@link PresenceFlusher}). See docs/ARCHITECTURE.md.
 */
final class RoomPresence {
    /** Pending changes, coalesced by display name since the previous flush. */
    record Changes(List<String> joined, List<String> left) {
        boolean isEmpty() {
            return joined.isEmpty() && left.isEmpty();
        }
    }

    /** Last change per display name since the previous Presence: true = joined, false = left. */
    private final Map<String, Boolean> pending = new LinkedHashMap<>();
    private boolean onlineUsersDirty;
    /** When the tick last published this room's presence; only the tick thread touches these two. */
    private long lastFlushMillis;
    private boolean everFlushed;

    // Caller holds the room's monitor.

    void joined(String nick) {
        pending.put(nick, Boolean.TRUE);
        onlineUsersDirty = true;
    }

    void left(String nick) {
        pending.put(nick, Boolean.FALSE);
        onlineUsersDirty = true;
    }

    boolean hasPending() {
        return !pending.isEmpty() || onlineUsersDirty;
    }

    /** Takes the pending changes, disjoint, and clears them. */
    Changes take() {
        List<String> joined = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, Boolean> change : pending.entrySet()) {
            (change.getValue() ? joined : left).add(change.getKey());
        }
        pending.clear();
        onlineUsersDirty = false;
        return new Changes(joined, left);
    }

    // The tick thread only.

    /** Whether {@code intervalMillis} have passed since the last flush (always, before the first). */
    boolean isDue(long nowMillis, long intervalMillis) {
        return !everFlushed || nowMillis - lastFlushMillis >= intervalMillis;
    }

    void flushedAt(long nowMillis) {
        lastFlushMillis = nowMillis;
        everFlushed = true;
    }
}
