package org.safehouse.core;

import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.Role;

/**
 * The panic wipe of one room by its owner (WipeRoom). Created per frame like {@link SessionFrameHandler}, whose caller
 * holds the session's monitor; a refusal is a {@link ChatError}. A sealed room's wipe is also its rotation: the frame
 * must carry a new salt ({@link SealRotation#checkWipe}, before any hashing), and the room goes on under it. The new
 * password is hashed on a password worker ({@link PasswordChecks#hashForNewRoom}, in the owner's address group's
 * turn); then, holding the owner's session and then the room's monitor, the owner's role and the salt are checked
 * again and {@link PanicWipe} wipes the room.
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
        SealRotation.checkWipe(room, wipeRoom);
        context.passwords().hashForNewRoom(session.addressGroup(), room.name(), wipeRoom.newPassword(),
                () -> !session.isClosed(), (hashed, refusal) -> hashed(owner, wipeRoom, hashed, refusal));
    }

    /** The new password is hashed (on a password worker, or at once): wipe, if the owner still runs the room. */
    private void hashed(Member owner, ClientFrame.WipeRoom wipeRoom, RoomPassword newPassword, ChatError refusal) {
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            Optional<ChatError> refused = refusal != null ? Optional.of(refusal)
                    : wipeNow(owner, wipeRoom, newPassword);
            refused.ifPresent(error -> context.replies().reply(session, error));
        }
    }

    /** Caller holds the session's monitor. Wipes the room, or says why it may not any more. */
    private Optional<ChatError> wipeNow(Member owner, ClientFrame.WipeRoom wipeRoom, RoomPassword newPassword) {
        Room room = owner.room();
        synchronized (room) {
            if (!room.isMember(owner) || room.roleOf(owner) != Role.OWNER) {
                return Optional.of(new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner may wipe it",
                        Optional.of(room.name())));
            }
            try {
                SealRotation.checkWipe(room, wipeRoom); // a rotation may have come while the password was hashed
            } catch (ChatError refused) {
                return Optional.of(refused);
            }
            new PanicWipe(context).wipeRoom(room, newPassword, SealRotation.sealAfterWipe(room, wipeRoom.salt()),
                    Optional.of(owner.nick()));
            return Optional.empty();
        }
    }
}
