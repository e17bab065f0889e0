package org.safehouse.core;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time-ordered 64-bit message ids: 41 bits of milliseconds since 2024-01-01T00:00Z, 10 bits of node id, 12 bits of
 * sequence. Strictly increasing per node, also when the clock steps back (the last time is kept) or more than 4096
 * ids are taken in one millisecond (the sequence carries into the time). Thread-safe and lock-free.
 */
public final class Snowflakes {
    public static final long EPOCH_MILLIS = 1_704_067_200_000L;
    private static final int SEQUENCE_BITS = 12;
    private static final int NODE_BITS = 10;

    private final Clock clock;
    private final long nodeBits;
    /** (milliseconds since epoch << 12) | sequence of the last id. */
    private final AtomicLong last = new AtomicLong();

    public Snowflakes(Clock clock, int nodeId) {
        if (nodeId < 0 || nodeId >= (1 << NODE_BITS)) {
            throw new IllegalArgumentException("node id must be 0..1023");
        }
        this.clock = clock;
        this.nodeBits = (long) nodeId << SEQUENCE_BITS;
    }

    /** Makes every later id larger than {@code id} (after a restart that kept history; clocks can step back). */
    public void advancePast(long id) {
        long state = ((id >>> (SEQUENCE_BITS + NODE_BITS)) << SEQUENCE_BITS) | (id & ((1L << SEQUENCE_BITS) - 1));
        last.accumulateAndGet(state, Math::max);
    }

    public long next() {
        while (true) {
            long previous = last.get();
            long now = (clock.millis() - EPOCH_MILLIS) << SEQUENCE_BITS;
            long next = now > previous ? now : previous + 1;
            if (last.compareAndSet(previous, next)) {
                long millis = next >>> SEQUENCE_BITS;
                long sequence = next & ((1L << SEQUENCE_BITS) - 1);
                return (millis << (SEQUENCE_BITS + NODE_BITS)) | nodeBits | sequence;
            }
        }
    }

    /** Milliseconds since the Unix epoch encoded in an id. */
    public static long timestampOf(long id) {
        return (id >>> (SEQUENCE_BITS + NODE_BITS)) + EPOCH_MILLIS;
    }
}
