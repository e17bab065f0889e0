package org.safehouse.core;

import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.safehouse.config.Limits;

/**
 * Limits wrong passwords in this process ({@link PasswordGuesses}), checked before any hashing, so guessing can
 * neither succeed quickly nor burn the CPU. Only failures take tokens.
 *
 * <ol>
 *   <li>Failures count per address group ({@link AddressGroups}: the IPv4 address, the IPv6 /64) and room:
 *       {@code wrong_password_burst_per_address} at once, then {@code wrong_passwords_per_minute_per_address}.</li>
 *   <li>A room also counts the failures of all groups ({@code wrong_password_burst_per_room},
 *       {@code wrong_passwords_per_minute_per_room}), so many addresses together cannot guess fast. That guard only
 *       stops groups that failed in this room themselves (whose own bucket is not full): an address that never
 *       presented a wrong password is never throttled, however many others guess wrong, so the right password
 *       always gets in.</li>
 * </ol>
 * Thread-safe (one lock, held briefly). Memory is bounded: full buckets are forgotten, and at most
 * {@code MAX_TRACKED} keys of each kind are kept (least recently used first out).
 */
final class PasswordThrottle implements PasswordGuesses {
    static final int MAX_TRACKED = 50_000;

    private final Clock clock;
    private final Limits limits;
    private final Map<String, TokenBucket> byGroupAndRoom = lru();
    private final Map<String, TokenBucket> byRoom = lru();

    PasswordThrottle(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
    }

        @Override
    public synchronized long waitBeforeAttempt(String group, String roomKey) {
        long now = clock.millis();
        TokenBucket own = byGroupAndRoom.get(key(group, roomKey));
        if (own == null || own.isFull(now)) {
            return 0; // this group has not guessed wrong here lately: nobody else's failures stop it
        }
        TokenBucket room = byRoom.get(roomKey);
        return Math.max(own.peek(now), room == null ? 0 : room.peek(now));
    }

    @Override
    public synchronized void recordFailure(String group, String roomKey) {
        long now = clock.millis();
        byGroupAndRoom.computeIfAbsent(key(group, roomKey), k -> new TokenBucket(
                limits.wrongPasswordsPerMinutePerAddress() / 60.0, limits.wrongPasswordBurstPerAddress(), now))
                .tryTake(now);
        byRoom.computeIfAbsent(roomKey, k -> new TokenBucket(
                limits.wrongPasswordsPerMinutePerRoom() / 60.0, limits.wrongPasswordBurstPerRoom(), now))
                .tryTake(now);
    }

    /** Forgets buckets that refilled completely; called from the periodic tick. */
    @Override
    public synchronized void forgetRecovered() {
        long now = clock.millis();
        forget(byGroupAndRoom, now);
        forget(byRoom, now);
    }

    private static String key(String group, String roomKey) {
        return group + '\u0000' + roomKey;
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
