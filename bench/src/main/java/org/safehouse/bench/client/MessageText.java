package org.safehouse.bench.client;

/**
 * The generator's own message text, parsed without allocation: a kind letter followed by colon-separated decimal
 * numbers, e.g. {@code b:<sender>:<seq>:<sendNanos>} or {@code p:<sender>:<target>:<seq>:<sendNanos>}. One instance
 * per event-loop thread, overwritten by every parse.
 */
public final class MessageText {
    public static final int MAX_NUMBERS = 6;

    byte kind;
    int count;
    final long[] numbers = new long[MAX_NUMBERS];

    public byte kind() {
        return kind;
    }

    public int count() {
        return count;
    }

    public long number(int index) {
        return numbers[index];
    }

    /** Parses {@code bytes[from, to)}; false when it is not one of ours (another client's text, say). */
    public boolean parse(byte[] bytes, int from, int to) {
        if (to - from < 3 || bytes[from + 1] != ':') {
            return false;
        }
        kind = bytes[from];
        count = 0;
        long value = 0;
        boolean digits = false;
        for (int i = from + 2; i < to; i++) {
            byte b = bytes[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                digits = true;
            } else if (b == ':' && digits && count < MAX_NUMBERS - 1) {
                numbers[count++] = value;
                value = 0;
                digits = false;
            } else {
                return false;
            }
        }
        if (!digits) {
            return false;
        }
        numbers[count++] = value;
        return true;
    }
}
