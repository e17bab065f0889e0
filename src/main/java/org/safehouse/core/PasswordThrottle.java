package org.safehouse.core;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.safehouse.config.Limits;

/**
 * Limits wrong passwords per client address and per room, checked before any hashing, so guessing can neither
 * succeed quickly nor burn the CPU. Only failures take tokens. Thread-safe (one lock, held briefly). Memory is
 * bounded: full buckets are forgotten, and at most {@code MAX_TRACKED} keys of each kind are kept (oldest first out).
 */
final class PasswordThrottle {
    static final int MAX_TRACKED = 50_000;

    private final Clock clock;
    private final Limits limits;
    private final Map<String, TokenBucket> byAddress = lru();
    private final Map<String, TokenBucket> byRoom = lru();

    PasswordThrottle(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

    /** @return 0 when an attempt may be checked now, else milliseconds to wait. */
    synchronized long waitBeforeAttempt(String address, String roomKey) {
        long now = clock.millis();
        TokenBucket a = byAddress.get(address);
        TokenBucket r = byRoom.get(roomKey);
        return Math.max(a == null ? 0 : a.peek(now), r == null ? 0 : r.peek(now));
    }

    synchronized void recordFailure(String address, String roomKey) {
        long now = clock.millis();
        byAddress.computeIfAbsent(address, k -> new TokenBucket(
                limits.wrongPasswordsPerMinutePerAddress() / 60.0, limits.wrongPasswordBurstPerAddress(), now))
                .tryTake(now);
        byRoom.computeIfAbsent(roomKey, k -> new TokenBucket(
                limits.wrongPasswordsPerMinutePerRoom() / 60.0, limits.wrongPasswordBurstPerRoom(), now))
                .tryTake(now);
    }

    /** Forgets buckets that refilled completely; called from the periodic tick. */
    synchronized void forgetRecovered() {
        long now = clock.millis();
        forget(byAddress, now);
        forget(byRoom, now);
    }

    private static void forget(Map<String, TokenBucket> buckets, long now) {
        for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
            if (it.next().isFull(now)) {
                it.remove();
            }
        }
    }

    private static Map<String, TokenBucket> lru() {
        return new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > MAX_TRACKED;
            }
        };
    }
}
