package org.safehouse.bench.client;

import java.nio.charset.StandardCharsets;

/**
 * Finds the few fields the generator needs in a server frame, scanning its UTF-8 bytes in place: no JSON tree, no
 * strings on the hot path. It relies on what docs/PROTOCOL.md promises (one JSON object per frame, the field names
 * below) and tolerates whitespace and any field order. Values the generator sends itself never contain quotes or
 * backslashes, so a raw {@code "key"} followed by a colon is a key.
 */
public final class FrameScanner {
    private static final byte[] MSG_TYPE = key("msgType");
    private static final byte[] TEXT = key("text");
    private static final byte[] USERS = key("users");
    private static final byte[] JOINED = key("joined");
    private static final byte[] LEFT = key("left");
    private static final byte[] CODE = key("code");
    private static final byte[] TGT_USER = key("TgtUser");
    private static final byte[] ROOM = key("room");

    private static final byte[][] TYPE_NAMES = new byte[FrameType.values().length][];

    static {
        TYPE_NAMES[FrameType.HELLO.ordinal()] = ascii("Hello");
        TYPE_NAMES[FrameType.JOINED.ordinal()] = ascii("Joined");
        TYPE_NAMES[FrameType.LEFT.ordinal()] = ascii("Left");
        TYPE_NAMES[FrameType.BROADCAST.ordinal()] = ascii("Broadcast");
        TYPE_NAMES[FrameType.PRIVATE_MESSAGE.ordinal()] = ascii("PrivateMessage");
        TYPE_NAMES[FrameType.PRESENCE.ordinal()] = ascii("Presence");
        TYPE_NAMES[FrameType.ONLINE_USERS.ordinal()] = ascii("OnlineUsers");
        TYPE_NAMES[FrameType.ROOMS.ordinal()] = ascii("Rooms");
        TYPE_NAMES[FrameType.PONG.ordinal()] = ascii("Pong");
        TYPE_NAMES[FrameType.ERROR.ordinal()] = ascii("Error");
    }

    /** Receives the names of a JSON array of strings, as raw bytes between the quotes. */
    public interface NameSink {
        void name(byte[] bytes, int from, int to);
    }

    private FrameScanner() {
    }

    public static FrameType type(byte[] bytes, int length) {
        int value = valueStart(bytes, 0, length, MSG_TYPE);
        if (value < 0 || bytes[value] != '"') {
            return FrameType.OTHER;
        }
        int end = stringEnd(bytes, value + 1, length);
        int nameLength = end - value - 1;
        FrameType[] types = FrameType.values();
        for (int t = 0; t < TYPE_NAMES.length; t++) {
            byte[] name = TYPE_NAMES[t];
            if (name != null && name.length == nameLength && regionMatches(bytes, value + 1, name)) {
                return types[t];
            }
        }
        return FrameType.OTHER;
    }

    /** Parses the frame's {@code text} into {@code out}; false when absent or not one of the generator's texts. */
    public static boolean text(byte[] bytes, int length, MessageText out) {
        int value = valueStart(bytes, 0, length, TEXT);
        if (value < 0 || bytes[value] != '"') {
            return false;
        }
        int end = stringEnd(bytes, value + 1, length);
        return out.parse(bytes, value + 1, end);
    }

    /** True for the sender's copy of a private message (the one that keeps {@code TgtUser}). */
    public static boolean hasTargetUser(byte[] bytes, int length) {
        return valueStart(bytes, 0, length, TGT_USER) >= 0;
    }

    public static void users(byte[] bytes, int length, NameSink sink) {
        names(bytes, length, USERS, sink);
    }

    public static void joined(byte[] bytes, int length, NameSink sink) {
        names(bytes, length, JOINED, sink);
    }

    public static void left(byte[] bytes, int length, NameSink sink) {
        names(bytes, length, LEFT, sink);
    }

    /** The error code of an Error frame, or "?" (slow path: errors are rare). */
    public static String code(byte[] bytes, int length) {
        return string(bytes, length, CODE);
    }

    public static String room(byte[] bytes, int length) {
        return string(bytes, length, ROOM);
    }

    static String string(byte[] bytes, int length, byte[] key) {
        int value = valueStart(bytes, 0, length, key);
        if (value < 0 || bytes[value] != '"') {
            return "?";
        }
        int end = stringEnd(bytes, value + 1, length);
        return new String(bytes, value + 1, end - value - 1, StandardCharsets.UTF_8);
    }

    private static void names(byte[] bytes, int length, byte[] key, NameSink sink) {
        int i = valueStart(bytes, 0, length, key);
        if (i < 0 || bytes[i] != '[') {
            return;
        }
        i++;
        while (i < length) {
            byte b = bytes[i];
            if (b == ']') {
                return;
            }
            if (b == '"') {
                int end = stringEnd(bytes, i + 1, length);
                sink.name(bytes, i + 1, end);
                i = end + 1;
            } else {
                i++;
            }
        }
    }

    /** Index of the first byte of the value of {@code quotedKey}, or -1. */
    static int valueStart(byte[] bytes, int from, int length, byte[] quotedKey) {
        int i = from;
        while (true) {
            int at = indexOf(bytes, i, length, quotedKey);
            if (at < 0) {
                return -1;
            }
            int j = skipSpace(bytes, at + quotedKey.length, length);
            if (j < length && bytes[j] == ':') {
                return skipSpace(bytes, j + 1, length);
            }
            i = at + 1;
        }
    }

    /** Index of the closing quote of a string whose first content byte is at {@code from}. */
    static int stringEnd(byte[] bytes, int from, int length) {
        for (int i = from; i < length; i++) {
            byte b = bytes[i];
            if (b == '\\') {
                i++;
            } else if (b == '"') {
                return i;
            }
        }
        return length;
    }

    private static int skipSpace(byte[] bytes, int from, int length) {
        int i = from;
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }

    static int indexOf(byte[] bytes, int from, int length, byte[] needle) {
        byte first = needle[0];
        int last = length - needle.length;
        for (int i = from; i <= last; i++) {
            if (bytes[i] == first && regionMatches(bytes, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(byte[] bytes, int at, byte[] needle) {
        for (int k = 1; k < needle.length; k++) {
            if (bytes[at + k] != needle[k]) {
                return false;
            }
        }
        return needle.length == 0 || bytes[at] == needle[0];
    }

    private static byte[] key(String name) {
        return ascii('"' + name + '"');
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
