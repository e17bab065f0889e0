package org.safehouse.core;

import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.safehouse.config.RoomPassword;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.ErrorCode;

/**
 * Room password checks: throttle first, then at most {@code maxConcurrentPasswordChecks} Argon2id computations at a
 * time (each takes ~19 MiB and tens of milliseconds), then a constant-time comparison. Thread-safe. Blocks the caller
 * for the duration of one hash.
 */
final class PasswordChecks {
    private static final long BUSY_RETRY_MILLIS = 1000;
    private final Argon2PasswordHasher hasher;
    private final PasswordThrottle throttle;
    private final Semaphore hashing;
    private volatile ChatMetrics metrics = ChatMetrics.NONE;

    PasswordChecks(Argon2PasswordHasher hasher, PasswordThrottle throttle, int maxConcurrent) {
        this.hasher = hasher;
        this.throttle = throttle;
        this.hashing = new Semaphore(maxConcurrent);
    }

    void reportTo(ChatMetrics metrics) {
        this.metrics = metrics;
    }

    /** Passes when the room has no password or the given one matches; otherwise throws the error to answer. */
    void check(String address, Room room, Optional<String> given) throws ChatError {
        if (!(room.password instanceof RoomPassword.Hashed hashed)) {
            return; // no password: anything is accepted, as Ragnarok does
        }
        Optional<String> roomName = Optional.of(room.name);
        long wait = throttle.waitBeforeAttempt(address, room.key);
        if (wait > 0) {
            metrics.passwordThrottled();
            throw new ChatError(ErrorCode.THROTTLED, "too many wrong passwords; try again later", roomName, wait,
                    java.util.List.of());
        }
        if (given.isEmpty()) {
            throttle.recordFailure(address, room.key);
            throw new ChatError(ErrorCode.WRONG_PASSWORD, "this room needs a password", roomName);
        }
        boolean matches = withHashingSlot(roomName, () -> hasher.verify(hashed.phc(), given.get()));
        if (!matches) {
            throttle.recordFailure(address, room.key);
            throw new ChatError(ErrorCode.WRONG_PASSWORD, "wrong password", roomName);
        }
    }

    /** Hashes the password of a room being created. */
    RoomPassword hashForNewRoom(String roomName, Optional<String> given) throws ChatError {
        if (given.isEmpty()) {
            return RoomPassword.NONE;
        }
        return new RoomPassword.Hashed(withHashingSlot(Optional.of(roomName), () -> hasher.hash(given.get())));
    }

    void forgetRecovered() {
        throttle.forgetRecovered();
    }

    /**
     * Runs {@code work} in an Argon2id slot, reporting queued / started (with its wait) / finished, or dropped. Today
     * nothing waits (a check without a free slot is refused at once), so the wait is the time to take the slot.
     */
    private <T> T withHashingSlot(Optional<String> room, java.util.function.Supplier<T> work) throws ChatError {
        ChatMetrics report = metrics;
        long queuedAt = System.nanoTime();
        report.passwordCheckQueued();
        if (!hashing.tryAcquire()) {
            report.passwordCheckDropped();
            throw new ChatError(ErrorCode.SERVER_BUSY, "the server is busy checking passwords; try again shortly",
                    room, BUSY_RETRY_MILLIS, java.util.List.of());
        }
        long startedAt = System.nanoTime();
        report.passwordCheckStarted(startedAt - queuedAt);
        try {
            return work.get();
        } finally {
            hashing.release();
            report.passwordCheckFinished(System.nanoTime() - startedAt);
        }
    }
}
