package org.safehouse.delivery;

import java.nio.charset.StandardCharsets;

/**
 * One encoded text frame, shared by every recipient: a broadcast is encoded once and the same instance is offered to
 * each connection's queue. Immutable.
 *
 * @param text the JSON text sent on the wire
 * @param utf8Bytes its size on the wire, used to bound queues in bytes
 */
public record OutboundFrame(String text, int utf8Bytes) {

    public static OutboundFrame of(String text) {
        return new OutboundFrame(text, utf8Length(text));
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
