package org.safehouse.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.safehouse.config.RoomPassword;
import org.safehouse.crypto.PasswordHasher;
import org.safehouse.protocol.ErrorCode;

/**
 * Room password checks and new-room hashing, none of it on the caller's thread. The one place a room password (or
 * owner password) is compared or hashed: {@link Joining} calls it for a Join (an existing room's password or owner
 * password, or a created room's new ones), {@link LegacyHandshake} for Ragnarok's password frame, {@link OwnerFrames}
 * for a changed password. Its contract:
 *
 * <ol>
 *   <li>Throttle first ({@link PasswordGuesses}: per address group and room), before any hashing.</li>
 *   <li>A pair remembered by {@link VerifiedPasswords} passes at once, on the caller's thread.</li>
 *   <li>Otherwise the Argon2id work waits in the {@link PasswordCheckQueue} (fair across address groups) and runs on
 *       the password workers. Identical checks in flight at the same time (same verifier, same password: a crowd
 *       reconnecting to one room) share one computation; only the first one takes a place in the queue.</li>
 *   <li>The answer comes through the callback, at most once: on the caller's thread (remembered pair) or on a
 *       password worker, never under a lock of this class. A check waiting longer than {@code maxWaitMillis} in the
 *       queue is answered {@code server_busy} without hashing; one that nobody wants any more (its connection
 *       closed) is skipped.</li>
 *   <li>The clear password is never kept beyond its check, never logged, and longer than {@value #MAX_PASSWORD_CHARS}
 *       characters it is refused unhashed.</li>
 *   <li>Thread-safe; {@link #check} and {@link #hashForNewRoom} never block (a caller may hold a session's monitor),
 *       but for a shared throttle's read ({@link PasswordGuesses}: cluster mode, bounded by its timeout). Its
 *       monitors are leaf locks (see docs/ARCHITECTURE.md): the answer runs after they are released, and it is up to
 *       the callback to take the session's monitor and to do nothing if the connection closed meanwhile.</li>
 * </ol>
 */
final class PasswordChecks {
    private static final long BUSY_RETRY_MILLIS = 1000;
    /** Longer passwords are refused unhashed, which bounds what the queue holds (see password_check_queue_total). */
    static final int MAX_PASSWORD_CHARS = RoomPassword.MAX_CLEAR_CHARS;

    /** Who waits for a check, in which address group and room, and whether it still wants the answer. */
    record Waiter(String group, String roomKey, BooleanSupplier wanted, Consumer<ChatError> answer) {
    }

    private final PasswordHasher hasher;
    private final PasswordGuesses throttle;
    private final PasswordCheckQueue queue;
    private final VerifiedPasswords verified;
    private final java.time.Clock clock;
    private final long maxWaitMillis;
    /** Checks queued or running, by tag; guarded by this monitor. */
    private final Map<String, List<Waiter>> inFlight = new HashMap<>();
    private volatile ChatMetrics metrics = ChatMetrics.NONE;

    PasswordChecks(PasswordHasher hasher, PasswordGuesses throttle, PasswordCheckQueue queue,
                   VerifiedPasswords verified, java.time.Clock clock, long maxWaitMillis) {
        this.hasher = hasher;
        this.throttle = throttle;
        this.queue = queue;
        this.verified = verified;
        this.clock = clock;
        this.maxWaitMillis = maxWaitMillis;
    }

    void reportTo(ChatMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Checks {@code given} against a room with a password. {@code waiter.answer} gets null when it matches, else the
     * refusal. A refusal known at once (throttled, no password given, queue full) is thrown instead, and the
     * callback is never called.
     */
    void check(Room room, Optional<String> given, Waiter waiter) throws ChatError {
        checkAgainst(((RoomPassword.Hashed) room.password()).phc(), room, given, waiter);
    }

    /**
     * Checks {@code given} against the room's owner password, exactly as {@link #check} checks its password: the same
     * throttle (a wrong owner password counts as a wrong password), queue and answers.
     */
    void checkOwnerPassword(Room room, String ownerPasswordPhc, Optional<String> given, Waiter waiter)
            throws ChatError {
        checkAgainst(ownerPasswordPhc, room, given, waiter);
    }

    /**
     * An invite token instead of a password: throttled as a password guess is, on the caller's thread (a SHA-256
     * lookup, no Argon2id). Returns when {@code valid} says the token names a live invite; otherwise the attempt
     * counts as a wrong password and is refused {@code invite_invalid}.
     */
    void checkInvite(String group, String roomKey, String roomName, java.util.function.BooleanSupplier valid)
            throws ChatError {
        long wait = throttle.waitBeforeAttempt(group, roomKey); // shared: may throw SharedStateUnavailable
        if (wait > 0) {
            metrics.passwordThrottled();
            throw new ChatError(ErrorCode.THROTTLED, "too many wrong passwords; try again later",
                    Optional.of(roomName), wait, List.of());
        }
        if (!valid.getAsBoolean()) {
            throw refuseInvite(group, roomKey, roomName);
        }
    }

    /** Counts a failed invite as a wrong password; the refusal to throw. */
    ChatError refuseInvite(String group, String roomKey, String roomName) {
        throttle.recordFailure(group, roomKey);
        return new ChatError(ErrorCode.INVITE_INVALID, "this invite is not valid: expired, used up, revoked, "
                + "or the room's password changed since; ask for a new one", Optional.of(roomName));
    }

    private void checkAgainst(String phc, Room room, Optional<String> given, Waiter waiter) throws ChatError {
        Optional<String> roomName = Optional.of(room.name());
        long wait = throttle.waitBeforeAttempt(waiter.group(), room.key()); // shared: may throw SharedStateUnavailable
        if (wait > 0) {
            metrics.passwordThrottled();
            throw new ChatError(ErrorCode.THROTTLED, "too many wrong passwords; try again later", roomName, wait,
                    List.of());
        }
        if (given.isEmpty()) {
            throttle.recordFailure(waiter.group(), room.key());
            throw new ChatError(ErrorCode.WRONG_PASSWORD, "this room needs a password", roomName);
        }
        if (given.get().length() > MAX_PASSWORD_CHARS) {
            throttle.recordFailure(waiter.group(), room.key());
            throw new ChatError(ErrorCode.WRONG_PASSWORD, "wrong password", roomName);
        }
        String tag = verified.tag(phc, given.get());
        if (verified.contains(tag)) {
            waiter.answer().accept(null);
            return;
        }
        synchronized (this) {
            List<Waiter> sharing = inFlight.get(tag);
            if (sharing != null) {
                sharing.add(waiter);
                return;
            }
            List<Waiter> waiters = new ArrayList<>();
            waiters.add(waiter);
            inFlight.put(tag, waiters);
        }
        long queuedAt = clock.millis();
        long queuedNanos = System.nanoTime();
        Runnable job = () -> verify(tag, phc, given.get(), room.name(), queuedAt, queuedNanos);
        metrics.passwordCheckQueued();
        if (!queue.offer(waiter.group(), job)) {
            synchronized (this) {
                inFlight.remove(tag); // nobody else can have joined it: it was never queued
            }
            metrics.passwordCheckDropped();
            throw busy(roomName);
        }
    }

    /**
     * Hashes the password of a room being created, in the creator's group's turn. {@code done} gets the verifier,
     * or the refusal (when it waited too long). Thrown at once when the group's queue is full.
     */
    void hashForNewRoom(String group, String roomName, String password, BooleanSupplier wanted,
                        java.util.function.BiConsumer<RoomPassword, ChatError> done) throws ChatError {
        if (password.length() > MAX_PASSWORD_CHARS) {
            throw new ChatError(ErrorCode.BAD_FIELD, "a password is at most " + MAX_PASSWORD_CHARS + " characters",
                    Optional.of(roomName));
        }
        long queuedAt = clock.millis();
        long queuedNanos = System.nanoTime();
        Runnable job = () -> {
            if (!wanted.getAsBoolean()) {
                metrics.passwordCheckDropped();
                return;
            }
            if (clock.millis() - queuedAt > maxWaitMillis) {
                metrics.passwordCheckDropped();
                done.accept(null, busy(Optional.of(roomName)));
                return;
            }
            long startedNanos = System.nanoTime();
            metrics.passwordCheckStarted(startedNanos - queuedNanos);
            String phc = hasher.hash(password);
            metrics.passwordCheckFinished(System.nanoTime() - startedNanos);
            verified.remember(verified.tag(phc, password)); // the creator's next reconnect needs no Argon2id
            done.accept(new RoomPassword.Hashed(phc), null);
        };
        metrics.passwordCheckQueued();
        if (!queue.offer(group, job)) {
            metrics.passwordCheckDropped();
            throw busy(Optional.of(roomName));
        }
    }

    void forgetRecovered() {
        throttle.forgetRecovered();
    }

    private void verify(String tag, String phc, String password, String roomName, long queuedAt, long queuedNanos) {
        boolean wanted;
        synchronized (this) {
            wanted = inFlight.get(tag).stream().anyMatch(w -> w.wanted().getAsBoolean());
        }
        ChatError late = clock.millis() - queuedAt > maxWaitMillis ? busy(Optional.of(roomName)) : null;
        boolean matches = false;
        if (wanted && late == null) {
            long startedNanos = System.nanoTime();
            metrics.passwordCheckStarted(startedNanos - queuedNanos);
            matches = hasher.verify(phc, password);
            metrics.passwordCheckFinished(System.nanoTime() - startedNanos);
        } else {
            metrics.passwordCheckDropped();
        }
        if (matches) {
            verified.remember(tag);
        }
        List<Waiter> waiters;
        synchronized (this) {
            waiters = inFlight.remove(tag);
        }
        for (Waiter waiter : waiters) {
            if (!waiter.wanted().getAsBoolean()) {
                continue;
            }
            if (matches) {
                waiter.answer().accept(null);
            } else if (late != null || !wanted) {
                waiter.answer().accept(late != null ? late : busy(Optional.of(roomName)));
            } else {
                throttle.recordFailure(waiter.group(), waiter.roomKey());
                waiter.answer().accept(new ChatError(ErrorCode.WRONG_PASSWORD, "wrong password",
                        Optional.of(roomName)));
            }
        }
    }

    private static ChatError busy(Optional<String> room) {
        return new ChatError(ErrorCode.SERVER_BUSY, "the server is busy checking passwords; try again shortly",
                room, BUSY_RETRY_MILLIS, List.of());
    }
}
