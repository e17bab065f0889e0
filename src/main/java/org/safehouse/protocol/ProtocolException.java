package org.safehouse.protocol;

import java.util.Optional;

/** A client frame that cannot be decoded: answered with an {@code Error} frame carrying {@link #code()}. */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final transient Optional<String> room;

    public ProtocolException(ErrorCode code, String message, Optional<String> room) {
        super(message, null, false, false);
        this.code = code;
        this.room = room;
    }

    public ErrorCode code() {
        return code;
    }

    /** The room the frame named, when it named one: lets a client tie the error to a room. */
    public Optional<String> room() {
        return room;
    }
}
