package org.safehouse.bench.scenario;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.safehouse.bench.client.FrameScanner;

/**
 * A client's view of its room's members, kept as docs/PROTOCOL.md says: {@code Joined.users}, then every
 * {@code Presence} applied as set operations (add every {@code joined}, remove every {@code left}). The generator's
 * own nicknames ({@code <prefix><number>}) are bits of a bit set, so 20,000 clients each holding 20,000 names take
 * 50 MB, not gigabytes; any other name goes to a small set. Touched only by the connection's event loop, except
 * {@link #published()}.
 */
final class MemberList {
    private final byte prefix;
    private final long[] bits;
    private final int capacity;
    private final Set<String> others = new HashSet<>();
    private int count;
    private volatile int published;
    long lastChangeNanos;
    long namesApplied;

    MemberList(char prefix, int capacity) {
        this.prefix = (byte) prefix;
        this.capacity = capacity;
        this.bits = new long[(capacity + 63) >>> 6];
    }

    private final FrameScanner.NameSink add = (bytes, from, to) -> change(bytes, from, to, true);
    private final FrameScanner.NameSink remove = (bytes, from, to) -> change(bytes, from, to, false);

    void applyJoined(byte[] frame, int length, long nanos) {
        FrameScanner.users(frame, length, add);
        changed(nanos);
    }

    void applyPresence(byte[] frame, int length, long nanos) {
        FrameScanner.joined(frame, length, add);
        FrameScanner.left(frame, length, remove);
        changed(nanos);
    }

    private void changed(long nanos) {
        lastChangeNanos = nanos;
        published = count + others.size();
    }

    /** The list's size as of the last frame applied; readable from any thread. */
    int published() {
        return published;
    }

    /** True when the list is exactly the members whose bits are set in {@code expected}. */
    boolean matches(long[] expected) {
        if (!others.isEmpty()) {
            return false;
        }
        for (int i = 0; i < bits.length; i++) {
            if (bits[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    Set<String> others() {
        return others;
    }

    private void change(byte[] bytes, int from, int to, boolean present) {
        namesApplied++;
        int number = number(bytes, from, to);
        if (number < 0) {
            String name = new String(bytes, from, to - from, StandardCharsets.UTF_8);
            if (present) {
                others.add(name);
            } else {
                others.remove(name);
            }
            return;
        }
        long bit = 1L << (number & 63);
        int word = number >>> 6;
        boolean had = (bits[word] & bit) != 0;
        if (present && !had) {
            bits[word] |= bit;
            count++;
        } else if (!present && had) {
            bits[word] &= ~bit;
            count--;
        }
    }

    /** The number in {@code <prefix><digits>}, or -1 when the name is not one of ours. */
    private int number(byte[] bytes, int from, int to) {
        if (to - from < 2 || to - from > 10 || bytes[from] != prefix) {
            return -1;
        }
        int value = 0;
        for (int i = from + 1; i < to; i++) {
            byte b = bytes[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
        }
        return value < capacity ? value : -1;
    }
}
