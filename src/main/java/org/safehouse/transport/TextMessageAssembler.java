package org.safehouse.transport;

import jakarta.websocket.MessageHandler;
import java.util.function.Consumer;

/**
 * Receives one connection's text messages in the parts the container hands over and passes each complete message on;
 * a message longer than {@code limits.max_frame_bytes} in UTF-8 is refused (the endpoint closes with 1009) as soon as
 * the parts so far pass it.
 *
 * <p>Why parts: a {@code Whole<String>} handler makes Tomcat allocate, for every session and up front, a text buffer
 * of the whole permitted size (two bytes a char). With this handler the container's buffers stay small (see
 * {@link MessageBuffers}) and the limit is ours on every container: Tomcat hands over a part whenever its text
 * buffer fills and at the end of each frame, Jetty one part per frame (or per network read of a long frame), Tyrus
 * one per frame. A message that arrives as a single part (the usual case) goes to the core as it is, with no copy;
 * a builder exists only while a message of several parts is arriving.
 *
 * <p>Threading: a container calls one session's message handlers one at a time (Jakarta WebSocket), so the
 * fields need no lock.
 */
final class TextMessageAssembler implements MessageHandler.Partial<String> {
    private final int maxBytes;
    private final Runnable heard;
    private final Consumer<String> receive;
    private final Runnable tooBig;
    /** The parts so far of a message that came in several, or null. */
    private StringBuilder pending;
    /** UTF-8 length of {@link #pending}. */
    private long pendingBytes;
    /** Set once a message was refused: the connection is closing, so later parts and messages are dropped. */
    private boolean refused;

    /**
     * @param maxBytes most UTF-8 bytes in a message ({@code limits.max_frame_bytes})
     * @param heard    called at every part: the client is alive
     * @param receive  called with each complete message within the limit
     * @param tooBig   called once, for the first message over the limit
     */
    TextMessageAssembler(int maxBytes, Runnable heard, Consumer<String> receive, Runnable tooBig) {
        this.maxBytes = maxBytes;
        this.heard = heard;
        this.receive = receive;
        this.tooBig = tooBig;
    }

    @Override
    public void onMessage(String part, boolean last) {
        heard.run();
        if (refused) {
            return;
        }
        if (pending == null && last) {
            if (exceedsUtf8Bytes(part, maxBytes)) {
                refuse();
                return;
            }
            receive.accept(part);
            return;
        }
        pendingBytes += utf8Bytes(part, maxBytes - pendingBytes);
        if (pendingBytes > maxBytes) {
            refuse();
            return;
        }
        if (pending == null) {
            pending = new StringBuilder(part);
        } else {
            pending.append(part);
        }
        if (last) {
            String text = pending.toString();
            pending = null;
            pendingBytes = 0;
            receive.accept(text);
        }
    }

    private void refuse() {
        refused = true;
        pending = null;
        tooBig.run();
    }

    /** Whether a text is longer than {@code maxBytes} in UTF-8, without encoding it (and mostly without a scan). */
    static boolean exceedsUtf8Bytes(CharSequence text, int maxBytes) {
        int length = text.length();
        if (length > maxBytes) {
            return true; // at least one byte per char
        }
        if (length * 3L <= maxBytes) {
            return false; // at most three bytes per char (a surrogate pair is four bytes for two chars)
        }
        return utf8Bytes(text, maxBytes) > maxBytes;
    }

    /**
     * The UTF-8 length of a text, or some length above {@code budget} as soon as it is clear the text is longer than
     * that. A surrogate counts two bytes, so a pair counts four even when a part boundary falls between its halves.
     */
    static long utf8Bytes(CharSequence text, long budget) {
        int length = text.length();
        if (length > budget) {
            return length; // at least one byte per char
        }
        long bytes = 0;
        for (int i = 0; i < length && bytes <= budget; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }
}
