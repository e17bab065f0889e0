package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;

/**
 * The frames a room's owner and moderators send to keep order: kick, ban, unban, list bans, mute, unmute. Created per
 * frame like {@link SessionFrameHandler}, whose caller holds the session's monitor; a refusal is a {@link ChatError}.
 */
final class ModerationFrames {
    private final ChatContext context;
    private final ChatSession session;

    ModerationFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    void kick(ClientFrame.Kick kick) throws ChatError {
        throw notAllowed(kick.room());
    }

    void ban(ClientFrame.Ban ban) throws ChatError {
        throw notAllowed(ban.room());
    }

    void unban(ClientFrame.Unban unban) throws ChatError {
        throw notAllowed(unban.room());
    }

    void listBans(ClientFrame.ListBans listBans) throws ChatError {
        throw notAllowed(listBans.room());
    }

    void mute(ClientFrame.Mute mute) throws ChatError {
        throw notAllowed(mute.room());
    }

    void unmute(ClientFrame.Unmute unmute) throws ChatError {
        throw notAllowed(unmute.room());
    }

    /** Until rooms have moderators, nobody may moderate one. */
    private static ChatError notAllowed(String room) {
        return new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner and moderators may do that",
                Optional.of(room));
    }
}
