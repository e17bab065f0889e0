package org.safehouse.core;

import java.util.List;
import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.RoomSeal;
import org.safehouse.protocol.ServerFrame;

/**
 * Answers {@code SealInfo}, before or after any join: the seal of a sealed room, or {@code sealed: false} for any
 * other name, a room that does not exist and one that is not sealed alike, so the answer tells no more than a Join
 * would (a Join of a sealed room without {@code sealed} is refused {@code sealed_room} before its password is
 * checked). Each connection may ask {@link #BURST} times at once, then {@link #PER_SECOND} a second
 * ({@code rate_limited} beyond, with the wait), on top of the message rate every frame counts against: in a cluster
 * a name this node does not hold costs a Redis lookup. Created per frame; the caller holds the session's monitor.
 */
final class SealInfoAnswers {
    /** Enough for a page to ask about each of its rooms at once after a reconnect. */
    static final int BURST = 20;
    static final double PER_SECOND = 1.0;

    private final ChatContext context;
    private final ChatSession session;

    SealInfoAnswers(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    void answer(ClientFrame.SealInfo request) throws ChatError {
        Names.Checked name = Names.roomName(request.room());
        if (!name.ok()) {
            throw new ChatError(ErrorCode.BAD_ROOM_NAME, name.problem(), Optional.of(request.room()));
        }
        long now = context.clock().millis();
        long wait = session.sealInfos(PER_SECOND, BURST, now).tryTake(now);
        if (wait > 0) {
            throw new ChatError(ErrorCode.RATE_LIMITED, "too many SealInfo requests; try again later",
                    Optional.of(request.room()), wait, List.of());
        }
        Optional<RoomSeal> seal;
        try {
            seal = context.rooms().sealOf(Names.key(name.value()));
        } catch (SharedStateUnavailable e) {
            throw e.refusal(Optional.of(request.room()));
        }
        context.replies().send(session, new ServerFrame.SealInfo(request.room(), seal));
    }
}
