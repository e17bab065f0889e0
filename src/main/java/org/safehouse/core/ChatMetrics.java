package org.safehouse.core;

import org.safehouse.protocol.ErrorCode;

/**
 * What the chat core reports for monitoring: a port, implemented in transport (Micrometer) and by {@link #NONE}.
 * The core calls it at a handful of points and never reads anything back.
 *
 * <ol>
 *   <li>Every method MUST be thread-safe, MUST NOT block and MUST NOT call back into the core: the core calls them
 *       from container threads, the scheduler thread, and while holding a session's or a room's monitor.</li>
 *   <li>Methods MUST NOT throw. They receive no message text, no password and no client address.</li>
 *   <li>{@link #passwordCheckQueued()}, {@link #passwordCheckStarted(long)} and {@link #passwordCheckFinished(long)}
 *       describe one check each, in that order; a check refused while queued gets {@link #passwordCheckDropped()}
 *       instead of the last two.</li>
 * </ol>
 */
public interface ChatMetrics {
    /** Reports nothing. */
    ChatMetrics NONE = new ChatMetrics() {
    };

    /** A connection opened on {@code /ragnarok} ({@code legacy}) or {@code /chat}. */
    default void connectionOpened(boolean legacy) {
    }

    /** A connection opened with {@link #connectionOpened} closed; called once per connection. */
    default void connectionClosed(boolean legacy) {
    }

    /** A connection entered a room. */
    default void joined(boolean legacy) {
    }

    /** A join was answered with this error (wrong_password, throttled, room_full, ...). */
    default void joinRefused(ErrorCode reason) {
    }

    /** A text frame from a client reached the core. */
    default void messageIn() {
    }

    /** A frame was refused by the per-connection rate limit (rate_limited). */
    default void rateLimited() {
    }

    /** A password attempt was refused by the wrong-password throttle before any hashing (throttled). */
    default void passwordThrottled() {
    }

    /** A password check (verify or hash) wants an Argon2id slot. */
    default void passwordCheckQueued() {
    }

    /** A queued check got its slot after waiting {@code waitNanos}. */
    default void passwordCheckStarted(long waitNanos) {
    }

    /** A started check ended (either way) after computing for {@code tookNanos}. */
    default void passwordCheckFinished(long tookNanos) {
    }

    /** A queued check was refused without running (server_busy). */
    default void passwordCheckDropped() {
    }
}
