package org.safehouse.core;

/**
 * The port that counts wrong room passwords (and owner passwords), per address group and room and per room, so that
 * guessing is throttled before any hashing. {@link PasswordThrottle} counts in this process; in cluster mode
 * {@code cluster.RedisPasswordThrottle} counts in Redis, so a wrong password on one node counts on every node, with
 * the same budget and refill as one node ({@code wrong_password_burst_per_address},
 * {@code wrong_passwords_per_minute_per_address}, and the per-room pair).
 *
 * <ol>
 *   <li>{@link #waitBeforeAttempt} answers 0 when a check may run now, else the milliseconds to wait. A group that
 *       has not guessed wrong in the room lately is never throttled, whatever others did (the right password always
 *       gets in).</li>
 *   <li>{@link #recordFailure} takes one token from the group's bucket in the room and one from the room's.</li>
 *   <li>Thread-safe. {@link #waitBeforeAttempt} may block only for a shared store, bounded by its command timeout,
 *       on the join path (holding at most a session's monitor); {@link #recordFailure} never blocks.</li>
 *   <li>Memory and keys are bounded: buckets that refilled are forgotten ({@link #forgetRecovered} from the tick, or
 *       the store's own expiry).</li>
 *   <li>Implementations never keep or log an address in clear: the group is a lookup key held in memory, or its
 *       {@link AddressGroupHmac} digest in a shared store.</li>
 * </ol>
 */
public interface PasswordGuesses {

    /** @return 0 when an attempt may be checked now, else milliseconds to wait */
    long waitBeforeAttempt(String addressGroup, String roomKey);

    void recordFailure(String addressGroup, String roomKey);

    /** The tick: forget buckets that refilled completely (nothing to do for a store that expires them itself). */
    default void forgetRecovered() {
    }
}
