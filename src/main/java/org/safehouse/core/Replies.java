package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ServerFrame;

/**
 * Answers to one connection: encodes a frame and queues it on that connection ({@link ClientConnection#send}, which
 * never blocks), and counts and logs refused joins. Thread-safe, stateless beyond its collaborators.
 */
final class Replies {
    /** Refused joins are logged under the server's name, as operators filter them. */
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());

    private final JsonCodec codec;
    private final Supplier<ChatMetrics> metrics;

    Replies(JsonCodec codec, Supplier<ChatMetrics> metrics) {
        this.codec = codec;
        this.metrics = metrics;
    }

    OutboundFrame encode(ServerFrame frame) {
        return OutboundFrame.of(codec.encode(frame));
    }

    void send(ChatSession session, ServerFrame frame) {
        session.connection().send(encode(frame));
    }

    void reply(ChatSession session, ChatError error) {
        send(session, error.toFrame());
    }

    /** Counts and logs (address, reason, room; never the password) a refused join before it is answered. */
    void joinRefused(ChatSession session, ChatError error) {
        metrics.get().joinRefused(error.code());
        Level level = error.code() == ErrorCode.WRONG_PASSWORD || error.code() == ErrorCode.THROTTLED
                ? Level.INFO : Level.DEBUG;
        LOG.log(level, "join refused {0} {1} {2}", LogFields.field("reason", error.code().wireName()),
                LogFields.address(session.connection()),
                LogFields.field("room", error.code() == ErrorCode.BAD_ROOM_NAME ? "-" : error.room().orElse("-")));
    }
}
