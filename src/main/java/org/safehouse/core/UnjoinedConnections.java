package org.safehouse.core;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.safehouse.config.Limits;
import org.safehouse.protocol.CloseCode;

/**
 * Connections in no room: those that never joined (counted per address group, at most
 * {@code max_unjoined_per_address}), and those that left their last room. Both are closed with 4001 (join timeout)
 * once they have been so for {@code join_timeout_seconds}, unless a join of theirs is under way: one waiting for its
 * proof ({@link PendingJoins}) or for its password check (then within {@code password_check_wait_seconds} more).
 * A connection leaves this set when it joins a room or closes ({@link #joinedOrGone}). Thread-safe: its sets and
 * counts are concurrent; {@link #closeTimedOut} (the tick) takes a session's monitor to look at a roomless one.
 */
final class UnjoinedConnections {
    private final Set<ChatSession> unjoined = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> unjoinedByAddress = new ConcurrentHashMap<>();
    /** Connections that joined and then left every room: closed like unjoined ones after the join timeout. */
    private final Set<ChatSession> roomless = ConcurrentHashMap.newKeySet();
    private final Limits limits;
    private final PendingJoins pendingJoins;

    UnjoinedConnections(Limits limits, PendingJoins pendingJoins) {
        this.limits = limits;
        this.pendingJoins = pendingJoins;
    }

    /**
     * Counts a new connection as unjoined (until {@link #joinedOrGone}).
     *
     * @return false when its address group now has more unjoined connections than it may (the caller closes it)
     */
    boolean opened(ChatSession session) {
        AtomicInteger count = unjoinedByAddress.computeIfAbsent(session.addressGroup(), a -> new AtomicInteger());
        unjoined.add(session);
        return count.incrementAndGet() <= limits.maxUnjoinedPerAddress();
    }

    /** The connection joined a room, or closed. Idempotent. */
    void joinedOrGone(ChatSession session) {
        roomless.remove(session);
        if (unjoined.remove(session)) {
            AtomicInteger count = unjoinedByAddress.get(session.addressGroup());
            if (count != null && count.decrementAndGet() <= 0) {
                unjoinedByAddress.remove(session.addressGroup(), count);
            }
        }
    }

    /** The connection left its last room (and is open). */
    void roomless(ChatSession session) {
        roomless.add(session);
    }

    /** The tick: closes (4001) the connections in no room for longer than the join timeout. */
    void closeTimedOut(long nowMillis) {
        long deadline = nowMillis - limits.joinTimeoutSeconds() * 1000L;
        // A join waiting for its password check is not timed out while it waits, within a bound of its own.
        long waitingDeadline = deadline - limits.passwordCheckWaitSeconds() * 1000L;
        for (ChatSession session : unjoined) {
            long opened = session.openedAtMillis();
            if (opened < deadline && (!session.passwordCheckWaiting() || opened < waitingDeadline)) {
                session.connection().close(CloseCode.JOIN_TIMEOUT);
            }
        }
        closeRoomless(deadline);
    }

    /** Closes connections that left their last room more than the join timeout ago and are not joining. */
    private void closeRoomless(long deadline) {
        for (ChatSession session : roomless) {
            if (session.roomlessSinceMillis() >= deadline) {
                continue;
            }
            synchronized (session) {
                boolean joining = pendingJoins.count(session) > 0 || session.waitingForPasswordCount() > 0;
                if (session.roomCount() == 0 && !joining && !session.isClosed()) {
                    roomless.remove(session);
                    session.connection().close(CloseCode.JOIN_TIMEOUT);
                } else if (session.roomCount() > 0 || session.isClosed()) {
                    roomless.remove(session);
                }
            }
        }
    }
}
