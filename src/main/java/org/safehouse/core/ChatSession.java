package org.safehouse.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The core's state for one connection: its stage, rate, rooms and password waits. Guarded by its own monitor (see
 * docs/ARCHITECTURE.md for the lock order). Its pending joins are kept by {@link PendingJoins}, its unjoined or roomless
 * time by {@link UnjoinedConnections}. The transport holds it as an opaque handle and passes it back on every call.
 */
public final class ChatSession {
    /** Where a Ragnarok connection is in its two-frame handshake; modern connections are always {@code OPEN}. */
    enum Stage { AWAIT_PASSWORD, CHECKING_PASSWORD, AWAIT_NICKNAME, OPEN }

    private final ClientConnection connection;
    private final long openedAtMillis;
    /** Where per-address limits count this connection ({@link ClientConnection#addressGroup()}). */
    private final String addressGroup;
    private final AddressGroupLimits groups;
    /** Since when this connection is in no room (after leaving its last one); read by the tick. */
    private volatile long roomlessSinceMillis;
    private final boolean legacy;
    private final TokenBucket rate;
    /** SealInfo requests ({@link SealInfoAnswers}); made on the first one. */
    private TokenBucket sealInfos;
    private final Map<String, Member> memberships = new LinkedHashMap<>();
    /** Memberships a room ended (kick, ban, delete, wipe); any thread adds (see {@link RoomRemovals}). */
    private final Queue<Member> removed = new ConcurrentLinkedQueue<>();
    /** Ragnarok: the default room object whose password this connection passed (a wipe replaces the object). */
    private Room passedPasswordOf;
    /** Rooms whose join waits for a password check (or a new room's hashing). */
    private final java.util.Set<String> waitingForPassword = new java.util.HashSet<>();
    /** Written under the monitor; read without it by the tick (join deadline) and by the password workers. */
    private volatile boolean passwordCheckWaiting;
    /** A Ragnarok nickname frame that arrived while its password was still being checked. */
    private String heldNickname;
    private Stage stage;
    private boolean everJoined;
    private volatile boolean closed;

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

    // Immutable: any thread.

    ClientConnection connection() {
        return connection;
    }

    long openedAtMillis() {
        return openedAtMillis;
    }

    /** Where per-address limits count this connection ({@link ClientConnection#addressGroup()}). */
    String addressGroup() {
        return addressGroup;
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

    /** This connection's SealInfo allowance: {@code burst}, then {@code perSecond}. */
    TokenBucket sealInfos(double perSecond, double burst, long nowMillis) {
        if (sealInfos == null) {
            sealInfos = new TokenBucket(perSecond, burst, nowMillis);
        }
        return sealInfos;
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

    Collection<Member> memberships() {
        return memberships.values();
    }

    /** Any thread: the room no longer has this member; the membership goes at the next {@link #takeRemoved}. */
    void removedFrom(Member member) {
        removed.add(member);
    }

    /** The members rooms removed since the last call, for {@link RoomRemovals#settle}. */
    List<Member> takeRemoved() {
        List<Member> taken = new ArrayList<>();
        for (Member member = removed.poll(); member != null; member = removed.poll()) {
            taken.add(member);
        }
        return taken;
    }

    /** Ragnarok: this connection passed the password of this room object (or it had none). */
    void passedPasswordOf(Room room) {
        passedPasswordOf = room;
    }

    /** Ragnarok: the room object whose password this connection passed, if any. */
    java.util.Optional<Room> passedPasswordOf() {
        return java.util.Optional.ofNullable(passedPasswordOf);
    }

    /** @return false when a join of the room already waits for its password check. */
    boolean startWaitingForPassword(String roomKey) {
        boolean added = waitingForPassword.add(roomKey);
        passwordCheckWaiting = true;
        return added;
    }

    /** @return whether a join of the room was waiting (and now is not). */
    boolean stopWaitingForPassword(String roomKey) {
        boolean removed = waitingForPassword.remove(roomKey);
        passwordCheckWaiting = !waitingForPassword.isEmpty();
        return removed;
    }

    boolean isWaitingForPassword(String roomKey) {
        return waitingForPassword.contains(roomKey);
    }

    int waitingForPasswordCount() {
        return waitingForPassword.size();
    }

    /** Any thread: whether some join of this connection waits for a password check right now. */
    boolean passwordCheckWaiting() {
        return passwordCheckWaiting;
    }

    void holdNickname(String text) {
        heldNickname = text;
    }

    /** The held nickname frame, or null; it is taken, not kept. */
    String takeHeldNickname() {
        String held = heldNickname;
        heldNickname = null;
        return held;
    }

    boolean everJoined() {
        return everJoined;
    }

    /** Any thread (volatile); under the monitor it stays true once seen. */
    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
