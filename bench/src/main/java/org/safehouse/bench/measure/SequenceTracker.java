package org.safehouse.bench.measure;

import java.util.Arrays;

/**
 * The sequence numbers one receiver has seen from one sender: a growable bit set. A number seen twice is a
 * duplicate; a new number below the highest seen so far arrived out of order. Single-threaded (the receiver's
 * event loop).
 */
public final class SequenceTracker {
    private long[] seen = new long[2];
    private long highest = -1;
    private long unique;
    private long duplicates;
    private long outOfOrder;

    public void record(long sequence) {
        int word = (int) (sequence >>> 6);
        if (word >= seen.length) {
            seen = Arrays.copyOf(seen, Math.max(word + 1, seen.length * 2));
        }
        long bit = 1L << (sequence & 63);
        if ((seen[word] & bit) != 0) {
            duplicates++;
            return;
        }
        seen[word] |= bit;
        unique++;
        if (sequence < highest) {
            outOfOrder++;
        } else {
            highest = sequence;
        }
    }

    public long unique() {
        return unique;
    }

    public long duplicates() {
        return duplicates;
    }

    public long outOfOrder() {
        return outOfOrder;
    }

    /** How many of {@code 0..count-1} were never seen. */
    public long missingBelow(long count) {
        long seenBelow = 0;
        long full = count >>> 6;
        for (int w = 0; w < Math.min(full, seen.length); w++) {
            seenBelow += Long.bitCount(seen[w]);
        }
        int rest = (int) (count & 63);
        if (rest != 0 && full < seen.length) {
            seenBelow += Long.bitCount(seen[(int) full] & ((1L << rest) - 1));
        }
        return count - seenBelow;
    }
}
