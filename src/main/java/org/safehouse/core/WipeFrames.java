package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;

/**
 * The panic wipe of one room by its owner (WipeRoom). Created per frame like {@link SessionFrameHandler}, whose caller
 * holds the session's monitor; a refusal is a {@link ChatError}.
 */
final class WipeFrames {
    private final ChatContext context;
    private final ChatSession session;

    WipeFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    void wipeRoom(ClientFrame.WipeRoom wipeRoom) throws ChatError {
        throw new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner may wipe it", Optional.of(wipeRoom.room()));
    }
}
