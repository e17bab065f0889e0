package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;

/**
 * The frames only a room's owner sends (RoomSettings also its moderators, for the topic): settings, roles, handing
 * over and deleting the room. Created per frame like {@link SessionFrameHandler}, whose caller holds the session's
 * monitor; a refusal is a {@link ChatError}.
 */
final class OwnerFrames {
    private final ChatContext context;
    private final ChatSession session;

    OwnerFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    void roomSettings(ClientFrame.RoomSettings settings) throws ChatError {
        throw notAllowed(settings.room());
    }

    void setRole(ClientFrame.SetRole setRole) throws ChatError {
        throw notAllowed(setRole.room());
    }

    void transferOwnership(ClientFrame.TransferOwnership transfer) throws ChatError {
        throw notAllowed(transfer.room());
    }

    void deleteRoom(ClientFrame.DeleteRoom deleteRoom) throws ChatError {
        throw notAllowed(deleteRoom.room());
    }

    /** Until rooms have owners, nobody may run one. */
    private static ChatError notAllowed(String room) {
        return new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner may do that", Optional.of(room));
    }
}
