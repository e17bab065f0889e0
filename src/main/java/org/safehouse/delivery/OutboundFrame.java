package org.safehouse.delivery;

import java.nio.charset.StandardCharsets;

/**
 * One encoded text frame, shared by every recipient: a broadcast is encoded once and the same instance is offered to
 * each connection's queue. Immutable to its users; its UTF-8 bytes are made once, by the first send that asks for
 * them ({@link #utf8}), and shared by every later one, instead of being encoded again for each recipient.
 */
public final class OutboundFrame {
    private final String text;
    private final int utf8Bytes;
    private volatile byte[] utf8; // made on first use: a frame only measured (history's budget) never needs it

    private OutboundFrame(String text, int utf8Bytes) {
        this.text = text;
        this.utf8Bytes = utf8Bytes;
    }

    public static OutboundFrame of(String text) {
        return new OutboundFrame(text, utf8Length(text));
    }

    /** A frame that carries no text (the queue's ping marker). */
    static OutboundFrame empty() {
        return new OutboundFrame("", 0);
    }

    /** The JSON text sent on the wire. */
    public String text() {
        return text;
    }

    /** Its size on the wire, used to bound queues in bytes (a lone surrogate counts 3, an upper bound). */
    public int utf8Bytes() {
        return utf8Bytes;
    }

    /**
     * The text as UTF-8, shared by every recipient: callers MUST NOT change the array. Encoded on the first call; two
     * first calls at once may both encode, and either result is the same.
     */
    public byte[] utf8() {
        byte[] bytes = utf8;
        if (bytes == null) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            utf8 = bytes;
        }
        return bytes;
    }

    /** Counts UTF-8 bytes without allocating an encoded copy. */
    static int utf8Length(String text) {
        int bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // four bytes for the pair of two chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "OutboundFrame[" + utf8Bytes + " bytes]"; // never the text: it may be a message
    }
}
