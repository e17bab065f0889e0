package org.safehouse.transport;

import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import org.safehouse.config.Limits;

/**
 * The message buffer sizes Safehouse gives the container, as its defaults and on every session. They are sizes of
 * buffers, not limits: text and binary arrive through {@code MessageHandler.Partial} handlers, which enforce
 * {@code limits.max_frame_bytes} themselves ({@link TextMessageAssembler}, 1009) or refuse any binary message (1003).
 *
 * <p>What each container does with them, for Partial handlers:
 * <ul>
 * <li>Tomcat 10.1 allocates both per session up front ({@code WsFrameBase}: a {@code CharBuffer} of the text size,
 * two bytes a char, and a {@code ByteBuffer} of the binary size) and hands a part over whenever one fills, and at the
 * end of each frame. The binary buffer also stages a text frame's bytes on their way to the UTF-8 decoder. Both
 * sizes at {@code max_frame_bytes} (64 KiB) cost 192 KiB per connection.
 * <li>Jetty 12 takes them as its maximum whole-message sizes, which its Partial sinks do not check: each frame (or
 * each network read of a long frame, {@code autoFragment} being on by default, so its 64 KiB maximum frame size
 * splits rather than refuses) is one part.
 * <li>Tyrus 2.2 applies them only when it buffers a whole message, never for Partial handlers: one part per frame.
 * </ul>
 */
final class MessageBuffers {
    /**
     * Text buffer, in chars: a broadcast of {@code max_text_chars} (4096 by default) in its JSON envelope fits, so
     * the largest everyday message still reaches the core as one part, with no copy; 16 KiB per Tomcat session.
     */
    static final int TEXT_CHARS = 8 * 1024;
    /**
     * Binary buffer, in bytes: enough for the first part of a binary message, which is refused whatever its size,
     * and for most text frames to be decoded by Tomcat in one pass.
     */
    static final int BINARY_BYTES = 1024;

    private MessageBuffers() {
    }

    /** No message Safehouse accepts has more chars than {@code max_frame_bytes} (at least a byte a char). */
    static int textChars(Limits limits) {
        return Math.min(TEXT_CHARS, limits.maxFrameBytes());
    }

    static int binaryBytes() {
        return BINARY_BYTES;
    }

    /** As container defaults: Tomcat sizes a session's buffers from these before our {@code onOpen} runs. */
    static void applyDefaults(WebSocketContainer container, Limits limits) {
        container.setDefaultMaxTextMessageBufferSize(textChars(limits));
        container.setDefaultMaxBinaryMessageBufferSize(binaryBytes());
    }

    /** On a session: the same values, so Tomcat has no reason to allocate new buffers at its first message. */
    static void apply(Session session, Limits limits) {
        session.setMaxTextMessageBufferSize(textChars(limits));
        session.setMaxBinaryMessageBufferSize(binaryBytes());
    }
}
