package org.safehouse.core;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The core's state for one connection. Guarded by its own monitor; lock order is session, then room, never the
 * reverse. The transport holds it as an opaque handle and passes it back on every call.
 */
public final class ChatSession {
    /** Where a Ragnarok connection is in its two-frame handshake; modern connections are always {@code OPEN}. */
    enum Stage { AWAIT_PASSWORD, AWAIT_NICKNAME, OPEN }

    final ClientConnection connection;
    final long openedAtMillis;
    /** Where per-address limits count this connection ({@link ClientConnection#addressGroup()}). */
    final String addressGroup;
    private final AddressGroupLimits groups;
    /** Since when this connection is in no room (after leaving its last one); read by the tick. */
    private volatile long roomlessSinceMillis;
    private final boolean legacy;
    private final TokenBucket rate;
    private final Map<String, Member> memberships = new LinkedHashMap<>();
    private final Map<String, PendingJoin> pending = new LinkedHashMap<>();
    private Stage stage;
    private boolean everJoined;
    private boolean closed;

    ChatSession(ClientConnection connection, boolean legacy, TokenBucket rate, long openedAtMillis) {
        this(connection, legacy, rate, openedAtMillis, null);
    }

    /** @param groups counts this connection's rooms for its address group (null: not counted) */
    ChatSession(ClientConnection connection, boolean legacy, TokenBucket rate, long openedAtMillis,
                AddressGroupLimits groups) {
        this.connection = connection;
        this.addressGroup = connection.addressGroup();
        this.groups = groups;
        this.roomlessSinceMillis = openedAtMillis;
        this.legacy = legacy;
        this.rate = rate;
        this.openedAtMillis = openedAtMillis;
        this.stage = legacy ? Stage.AWAIT_PASSWORD : Stage.OPEN;
    }

    public boolean isLegacy() {
        return legacy;
    }

    // Below: caller holds this session's monitor.

    Stage stage() {
        return stage;
    }

    void advance(Stage next) {
        stage = next;
    }

    TokenBucket rate() {
        return rate;
    }

    Member membership(String roomKey) {
        return memberships.get(roomKey);
    }

    int roomCount() {
        return memberships.size();
    }

    void joined(String roomKey, Member member) {
        if (memberships.put(roomKey, member) == null && groups != null) {
            groups.joined(addressGroup);
        }
        everJoined = true;
    }

    /** @return whether that left this connection in no room at all. */
    boolean left(String roomKey, long nowMillis) {
        if (memberships.remove(roomKey) != null && groups != null) {
            groups.left(addressGroup);
        }
        if (memberships.isEmpty()) {
            roomlessSinceMillis = nowMillis;
            return true;
        }
        return false;
    }

    /** Any thread: since when the connection has been in no room (its opening, or leaving its last room). */
    long roomlessSinceMillis() {
        return roomlessSinceMillis;
    }

    /**
     * Whether a join of this connection is under way (waiting for its proof, or for a password check), so that the
     * unjoined timeout must not close it yet.
     */
    boolean hasPendingWork() {
        return !pending.isEmpty();
    }

    Collection<Member> memberships() {
        return memberships.values();
    }

    void pend(String roomKey, PendingJoin join) {
        pending.put(roomKey, join);
    }

    /** Removes and returns the pending join of a room, or null. */
    PendingJoin takePending(String roomKey) {
        return pending.remove(roomKey);
    }

    int pendingCount() {
        return pending.size();
    }

    /** Removes and returns the pending joins created before {@code cutoffMillis} (all, for a closed session). */
    java.util.List<PendingJoin> takePendingOlderThan(long cutoffMillis) {
        java.util.List<PendingJoin> expired = new java.util.ArrayList<>();
        for (java.util.Iterator<PendingJoin> it = pending.values().iterator(); it.hasNext(); ) {
            PendingJoin join = it.next();
            if (join.createdMillis() < cutoffMillis) {
                expired.add(join);
                it.remove();
            }
        }
        return expired;
    }

    boolean everJoined() {
        return everJoined;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
