package org.safehouse.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ServerFrame;

/**
 * Takes members out of a room against their will (kicked, banned, the room deleted or wiped) while the caller holds
 * the room's monitor and, usually, another connection's session monitor: so it never takes the removed member's
 * session monitor (two moderators of two rooms removing each other would deadlock). The room drops the member at
 * once; the member's connection gets {@code Removed} (a Ragnarok connection then closes with 4007); the member's
 * session learns it through {@link ChatSession#removedFrom}, and drops the membership under its own monitor: at its
 * next frame ({@link #settle}, from {@link ChatServer#receive}) or at the next tick ({@link #settleAll}), whichever
 * comes first, so its room count, address-group count and join timeout follow. Thread-safe (a concurrent set).
 */
final class RoomRemovals {
    /** Sessions told of a removal whose bookkeeping is not settled yet. */
    private final Set<ChatSession> unsettled = ConcurrentHashMap.newKeySet();
    private final Replies replies;
    private final UnjoinedConnections unjoined;
    private final RoomRegistry rooms;
    private final Supplier<ChatEvents> events;

    RoomRemovals(Replies replies, UnjoinedConnections unjoined, RoomRegistry rooms, Supplier<ChatEvents> events) {
        this.events = events;
        this.replies = replies;
        this.unjoined = unjoined;
        this.rooms = rooms;
    }

    /**
     * Removes {@code member} from {@code room} and tells its connection {@code why}. Caller holds the room's monitor.
     * An emptied room goes as after a leave ({@link RoomRegistry#removeEmpty}) unless {@code keepRoom}.
     *
     * @return whether it was a member (false: it had left already; nothing sent)
     */
    boolean remove(Room room, Member member, ServerFrame.Removed why, boolean keepRoom) {
        if (!room.leave(member)) {
            return false;
        }
        if (room.devices(member.nickKey()).isEmpty()) { // the person's last device
            events.get().left(room.name(), member.nick());
        }
        ChatSession session = member.session();
        replies.send(session, why);
        if (session.isLegacy()) {
            session.connection().close(CloseCode.REMOVED);
        }
        session.removedFrom(member);
        unsettled.add(session);
        if (!keepRoom && room.size() == 0) {
            rooms.removeEmpty(room);
        }
        return true;
    }

    /** Drops the memberships of {@code session} its rooms removed. Caller holds the session's monitor. */
    void settle(ChatSession session, long nowMillis) {
        if (!unsettled.remove(session)) {
            return;
        }
        for (Member member : session.takeRemoved()) {
            if (session.membership(member.room().key()) == member && session.left(member.room().key(), nowMillis)
                    && !session.isClosed()) {
                unjoined.roomless(session);
            }
        }
    }

    /** The tick: settles every session told of a removal (each under its own monitor, holding no other lock). */
    void settleAll(long nowMillis) {
        for (ChatSession session : unsettled) {
            synchronized (session) {
                settle(session, nowMillis);
            }
        }
    }
}
