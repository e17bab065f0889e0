package org.safehouse.core;

import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.Role;

/**
 * The panic wipe of one room by its owner (WipeRoom). Created per frame like {@link SessionFrameHandler}, whose caller
 * holds the session's monitor; a refusal is a {@link ChatError}. The new password is hashed on a password worker
 * ({@link PasswordChecks#hashForNewRoom}, in the owner's address group's turn); then, holding the owner's session and
 * then the room's monitor, the owner's role is checked again and {@link PanicWipe} wipes the room.
 */
final class WipeFrames {
    private final ChatContext context;
    private final ChatSession session;

    WipeFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    void wipeRoom(ClientFrame.WipeRoom wipeRoom) throws ChatError {
        Optional<String> label = Optional.of(wipeRoom.room());
        Member owner = session.membership(Names.key(Names.roomName(wipeRoom.room()).value()));
        if (owner == null) {
            throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", label);
        }
        Room room = owner.room();
        if (room.roleOf(owner) != Role.OWNER) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner may wipe it", label);
        }
        if (!wipeRoom.confirm().equals(room.name())) {
            throw new ChatError(ErrorCode.CONFIRM_MISMATCH, "confirm must be the room's name exactly", label);
        }
        context.passwords().hashForNewRoom(session.addressGroup(), room.name(), wipeRoom.newPassword(),
                () -> !session.isClosed(), (hashed, refusal) -> hashed(owner, hashed, refusal));
    }

    /** The new password is hashed (on a password worker, or at once): wipe, if the owner still runs the room. */
    private void hashed(Member owner, RoomPassword newPassword, ChatError refusal) {
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            Room room = owner.room();
            ChatError refused = refusal;
            if (refused == null) {
                synchronized (room) {
                    if (room.isMember(owner) && room.roleOf(owner) == Role.OWNER) {
                        new PanicWipe(context).wipeRoom(room, newPassword, Optional.of(owner.nick()));
                        return;
                    }
                }
                refused = new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner may wipe it",
                        Optional.of(room.name()));
            }
            context.replies().reply(session, refused);
        }
    }
}
