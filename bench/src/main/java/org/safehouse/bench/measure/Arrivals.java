package org.safehouse.bench.measure;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Waiting for the deliveries still in flight after the senders stopped: until all expected arrived, nothing arrived
 * for {@value #QUIET_SECONDS} s, or {@value #MAX_SECONDS} s passed. Bounded either way, so a run with losses ends.
 */
public final class Arrivals {
    static final int QUIET_SECONDS = 3;
    static final int MAX_SECONDS = 30;

    private Arrivals() {
    }

    /** Polls {@code received} every 20 ms. */
    public static void awaitSettled(LongSupplier received, long expected) throws InterruptedException {
        long start = System.nanoTime();
        long last = -1;
        long lastProgress = start;
        while (true) {
            long now = System.nanoTime();
            long count = received.getAsLong();
            if (count >= expected || now - start > TimeUnit.SECONDS.toNanos(MAX_SECONDS)
                    || now - lastProgress > TimeUnit.SECONDS.toNanos(QUIET_SECONDS)) {
                return;
            }
            if (count != last) {
                last = count;
                lastProgress = now;
            }
            Thread.sleep(20);
        }
    }
}
