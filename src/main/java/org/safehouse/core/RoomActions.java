package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.OptionalLong;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.RoomEventKind;
import org.safehouse.protocol.ServerFrame;

/**
 * What every frame that runs a room does alike ({@link ModerationFrames}, and the owner's and wipe frames): find the
 * actor's membership, its role now, the member it names, and publish the system line. Stateless.
 */
final class RoomActions {
    private static final System.Logger LOG = System.getLogger(RoomActions.class.getName());

    private RoomActions() {
    }

    /** The actor's membership of the room the frame names. Caller holds the session's monitor. */
    static Member actorIn(ChatSession session, String roomName) throws ChatError {
        Member member = session.membership(Names.key(Names.roomName(roomName).value()));
        if (member == null) {
            throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", Optional.of(roomName));
        }
        return member;
    }

    /** Caller holds the room's monitor: the actor's role now, if it is still a member. */
    static Role roleIn(Room room, Member actor) throws ChatError {
        if (!room.isMember(actor)) {
            throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", Optional.of(room.name()));
        }
        return room.roleOf(actor);
    }

    /**
     * Caller holds the room's monitor: the member named {@code nick}, never the actor itself (nor the actor under
     * another nickname with the same key, nor another device of the actor's person under its own name).
     *
     * @throws ChatError {@code unknown_member} when nobody of that name is in the room, {@code not_allowed} on oneself
     */
    static Member otherMember(Room room, Member actor, String nick) throws ChatError {
        Member target = room.member(Names.key(nick));
        if (target == null) {
            throw new ChatError(ErrorCode.UNKNOWN_MEMBER, "nobody of that name is in this room",
                    Optional.of(room.name()));
        }
        if (target == actor || target.nickKey().equals(actor.nickKey())
                || (target.fingerprint().isPresent() && target.fingerprint().equals(actor.fingerprint()))) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "not on yourself", Optional.of(room.name()));
        }
        return target;
    }

    /** Caller holds the room's monitor: the system line every member sees, numbered but not kept in history. */
    static void event(ChatContext context, Room room, RoomEventKind kind, Member actor, Optional<String> target,
                      Optional<String> reason, OptionalLong until) {
        long now = context.clock().millis();
        context.log().publishNumbered(room, id -> new ServerFrame.RoomEvent(room.name(), id, now, kind,
                actor.nick(), target, reason, until));
    }

    /** Logs who did what in which room; names only, never a reason, a password or an address. */
    static void logged(String action, Room room, Member actor) {
        LOG.log(Level.INFO, "room action {0} {1} {2}", LogFields.field("action", action),
                LogFields.field("room", room.name()), LogFields.field("by", actor.nick()));
    }
}
