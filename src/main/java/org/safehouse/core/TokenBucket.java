package org.safehouse.core;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}. Not thread-safe: each bucket is guarded by its
 * owner's lock. Time comes from the caller so tests control it.
 */
final class TokenBucket {
    private final double perMilli;
    private final double burst;
    private double tokens;
    private long lastMillis;

    TokenBucket(double perSecond, double burst, long nowMillis) {
        this.perMilli = perSecond / 1000.0;
        this.burst = burst;
        this.tokens = burst;
        this.lastMillis = nowMillis;
    }

    /** Takes a token if there is one. @return 0 when taken, else milliseconds until one will be there. */
    long tryTake(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        return waitMillis();
    }

    /** Milliseconds until a token is there, without taking one; 0 when there is one now. */
    long peek(long nowMillis) {
        refill(nowMillis);
        return tokens >= 1.0 ? 0 : waitMillis();
    }

    /** Whether the bucket is full, so its owner may forget it. */
    boolean isFull(long nowMillis) {
        refill(nowMillis);
        return tokens >= burst;
    }

    private long waitMillis() {
        return Math.max(1, (long) Math.ceil((1.0 - tokens) / perMilli));
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
    }
}
