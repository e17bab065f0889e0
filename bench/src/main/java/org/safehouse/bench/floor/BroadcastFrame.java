package org.safehouse.bench.floor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The frame the floor writer sends: a server {@code Broadcast} of docs/PROTOCOL.md as a member of a fan-out room gets
 * it, in an unmasked WebSocket text frame, header and payload in two direct buffers for one gathering write
 * ({@code writev}), as the containers write a frame. The payload has the server's field order and the fan-out
 * scenario's room name, nickname and text ({@code b:<sender>:<seq>:<sendNanos>}), so its size is a fan-out
 * delivery's: 147 bytes for a room of 1000 (a 151-byte frame).
 *
 * <p>The sequence number and the nanoseconds have fixed widths (zero-padded), so every frame of a run has the same
 * length and the reader finds the frame boundaries by counting bytes. {@link #set} rewrites them in place (one
 * encoding per broadcast, like the server); one instance per writer thread.
 */
final class BroadcastFrame {
    private static final int SEQUENCE_DIGITS = 6;
    private static final int NANOS_DIGITS = 16;

    private final ByteBuffer header;
    private final ByteBuffer payload;
    private final ByteBuffer[] both;
    private final int kindAt;

    BroadcastFrame(int clients) {
        byte[] json = payloadText(clients).getBytes(StandardCharsets.US_ASCII);
        if (json.length > 65_535) {
            throw new IllegalArgumentException("payload too long for a 16-bit length: " + json.length);
        }
        header = ByteBuffer.allocateDirect(json.length <= 125 ? 2 : 4);
        header.put((byte) 0x81); // FIN, text
        if (json.length <= 125) {
            header.put((byte) json.length);
        } else {
            header.put((byte) 126).putShort((short) json.length);
        }
        header.flip();
        payload = ByteBuffer.allocateDirect(json.length).put(json).flip();
        both = new ByteBuffer[] {header, payload};
        kindAt = new String(json, StandardCharsets.US_ASCII).indexOf("\"text\":\"") + "\"text\":\"".length();
    }

    /** The Broadcast a member of the fan-out room of {@code clients} receives, with the variable digits zeroed. */
    static String payloadText(int clients) {
        return "{\"msgType\":\"Broadcast\",\"id\":\"7260913021018112\",\"room\":\"fanout-" + clients
                + "-fixed-0\",\"ts\":1763779200000,\"SrcUser\":\"f0\",\"text\":\"b:0:" + "0".repeat(SEQUENCE_DIGITS)
                + ":" + "0".repeat(NANOS_DIGITS) + "\"}";
    }

    /** Frame length in bytes, header included. */
    int length() {
        return header.limit() + payload.limit();
    }

    /** Offset in the frame of the text's kind letter ({@code 'w'} warm-up, {@code 'b'} measured). */
    int kindOffset() {
        return header.limit() + kindAt;
    }

    /** Writes this broadcast's kind, sequence and send time into the payload (digits beyond the width dropped). */
    void set(char kind, long sequence, long sendNanos) {
        payload.put(kindAt, (byte) kind);
        int sequenceAt = kindAt + 4; // "b:0:"
        putDigits(sequenceAt, SEQUENCE_DIGITS, sequence);
        putDigits(sequenceAt + SEQUENCE_DIGITS + 1, NANOS_DIGITS, sendNanos);
    }

    /** Header and payload, rewound, for a gathering write of the whole frame. */
    ByteBuffer[] rewound() {
        header.rewind();
        payload.rewind();
        return both;
    }

    /** True while part of the frame handed out by {@link #rewound} is still unwritten. */
    boolean unwritten() {
        return payload.hasRemaining();
    }

    /** The whole frame as bytes (for tests). */
    byte[] bytes() {
        byte[] all = new byte[length()];
        header.get(0, all, 0, header.limit());
        payload.get(0, all, header.limit(), payload.limit());
        return all;
    }

    private void putDigits(int at, int width, long value) {
        long rest = Math.max(0, value);
        for (int i = width - 1; i >= 0; i--) {
            payload.put(at + i, (byte) ('0' + rest % 10));
            rest /= 10;
        }
    }
}
