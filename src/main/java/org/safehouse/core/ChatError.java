package org.safehouse.core;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.ServerFrame;

/** A recoverable refusal, answered with an Error frame; the connection stays open. A typed value, not a log line. */
final class ChatError extends Exception {
    private static final long serialVersionUID = 1L;
    /** When a client refused for a full history store may send again (the disk catches up by the batch). */
    private static final long HISTORY_STORE_BUSY_RETRY_MILLIS = 1000;
    private final ErrorCode code;
    private final transient Optional<String> room;
    private final long retryAfterMillis;
    private final transient List<Integer> versions;

    ChatError(ErrorCode code, String text, Optional<String> room) {
        this(code, text, room, -1, List.of());
    }

    ChatError(ErrorCode code, String text, Optional<String> room, long retryAfterMillis, List<Integer> versions) {
        super(text, null, false, false);
        this.code = code;
        this.room = room;
        this.retryAfterMillis = retryAfterMillis;
        this.versions = versions;
    }

    /** A new message refused while the history store is behind ({@link HistoryStore} item 4): refused, never lost. */
    static ChatError historyStoreBusy(String roomName) {
        return new ChatError(ErrorCode.SERVER_BUSY, "the server is busy storing messages; try again shortly",
                Optional.of(roomName), HISTORY_STORE_BUSY_RETRY_MILLIS, List.of());
    }

    ErrorCode code() {
        return code;
    }

    /** The room the refusal names, if any (as the client sent it when the name itself was refused). */
    Optional<String> room() {
        return room;
    }

    ServerFrame.Error toFrame() {
        return new ServerFrame.Error(code, getMessage(), room,
                retryAfterMillis >= 0 ? OptionalLong.of(retryAfterMillis) : OptionalLong.empty(), versions);
    }
}
