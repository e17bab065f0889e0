package org.safehouse.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Encodes the client frames of docs/PROTOCOL.md the generator sends. Room names and nicknames are the generator's
 * own ASCII names (never needing JSON escapes); the per-message part is written digit by digit into a pooled buffer,
 * so sending a message allocates no strings.
 */
public final class OutgoingFrames {
    private static final byte[] TEXT_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);

    private OutgoingFrames() {
    }

    public static String join(String room, String nick) {
        return join(room, nick, null);
    }

    /** A Join presenting {@code password} (null for none); the password must need no JSON escaping. */
    public static String join(String room, String nick, String password) {
        return "{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\"" + nick
                + "\",\"password\":" + (password == null ? "null" : "\"" + password + "\"") + "}";
    }

    /** The constant head of a Broadcast in {@code room}, up to the opening quote of the text. */
    public static byte[] broadcastHead(String room) {
        return ("{\"msgType\":\"Broadcast\",\"room\":\"" + room + "\",\"text\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** The constant head of a PrivateMessage to {@code target} in {@code room}, up to the text's opening quote. */
    public static byte[] privateHead(String room, String target) {
        return ("{\"msgType\":\"PrivateMessage\",\"room\":\"" + room + "\",\"TgtUser\":\"" + target
                + "\",\"text\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    /** A Ragnarok client's Broadcast head (no room: a /ragnarok connection is in the default room). */
    public static byte[] ragnarokBroadcastHead() {
        return "{\"msgType\":\"Broadcast\",\"text\":\"".getBytes(StandardCharsets.US_ASCII);
    }

    /** A Ragnarok client's PrivateMessage head to {@code target}, up to the text's opening quote. */
    public static byte[] ragnarokPrivateHead(String target) {
        return ("{\"msgType\":\"PrivateMessage\",\"TgtUser\":\"" + target + "\",\"text\":\"")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** head + {@code kind:n0:n1:...} + tail, in a buffer from {@code allocator}. */
    public static ByteBuf message(ByteBufAllocator allocator, byte[] head, char kind, long... numbers) {
        ByteBuf buffer = allocator.buffer(head.length + 2 + numbers.length * 20 + TEXT_TAIL.length);
        buffer.writeBytes(head);
        buffer.writeByte(kind);
        for (long number : numbers) {
            buffer.writeByte(':');
            writeDecimal(buffer, number);
        }
        buffer.writeBytes(TEXT_TAIL);
        return buffer;
    }

    /** Same as {@link #message} for the common three-number text, without the varargs array. */
    public static ByteBuf message3(ByteBufAllocator allocator, byte[] head, char kind, long a, long b, long c) {
        ByteBuf buffer = allocator.buffer(head.length + 64 + TEXT_TAIL.length);
        buffer.writeBytes(head);
        buffer.writeByte(kind);
        buffer.writeByte(':');
        writeDecimal(buffer, a);
        buffer.writeByte(':');
        writeDecimal(buffer, b);
        buffer.writeByte(':');
        writeDecimal(buffer, c);
        buffer.writeBytes(TEXT_TAIL);
        return buffer;
    }

    static void writeDecimal(ByteBuf buffer, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        if (value < 10) {
            buffer.writeByte((int) ('0' + value));
            return;
        }
        long divisor = 1;
        while (value / divisor >= 10) {
            divisor *= 10;
        }
        while (divisor > 0) {
            buffer.writeByte((int) ('0' + (value / divisor) % 10));
            divisor /= 10;
        }
    }
}
