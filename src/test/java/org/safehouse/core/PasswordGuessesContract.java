package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.MutableClock;

/**
 * What every {@link PasswordGuesses} does, with a budget of 2 wrong passwords per address group and room (then one
 * every 10 s) and 3 per room (then one every 10 s): the in-memory {@link PasswordThrottle} and the cluster's Redis
 * throttle give the same answers at the same times.
 */
public abstract class PasswordGuessesContract {
    private static final long TEN_SECONDS = 10_000;

    protected final MutableClock clock = new MutableClock(ChatHarness.START);

    /** A throttle under test, on {@link #clock}, with these limits; a fresh one (nothing counted) per test. */
    protected abstract PasswordGuesses throttle(Limits limits);

    protected static Limits limits() {
        try {
            return new ConfigLoader(new Argon2PasswordHasher()).parse("{\"limits\":{"
                    + "\"wrong_password_burst_per_address\":2,\"wrong_passwords_per_minute_per_address\":6,"
                    + "\"wrong_password_burst_per_room\":3,\"wrong_passwords_per_minute_per_room\":6}}", "test",
                    Path.of(".")).limits();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aGroupOutOfWrongGuessesWaitsForTheRefillAndThenMayTryAgain() {
        PasswordGuesses throttle = throttle(limits());
        throttle.recordFailure("10.0.0.1", "vault");
        assertEquals(0, throttle.waitBeforeAttempt("10.0.0.1", "vault"), "one wrong guess of two");
        throttle.recordFailure("10.0.0.1", "vault");
        assertEquals(TEN_SECONDS, throttle.waitBeforeAttempt("10.0.0.1", "vault"));
        clock.advance(TEN_SECONDS - 1);
        assertEquals(1, throttle.waitBeforeAttempt("10.0.0.1", "vault"));
        clock.advance(1);
        assertEquals(0, throttle.waitBeforeAttempt("10.0.0.1", "vault"));
        assertEquals(0, throttle.waitBeforeAttempt("10.0.0.1", "attic"), "another room counts apart");
    }

    @Test
    void manyGroupsGuessingOneRoomStopEachOtherButNeverSomeoneWhoNeverGuessedWrong() {
        PasswordGuesses throttle = throttle(limits());
        throttle.recordFailure("10.0.0.1", "vault");
        throttle.recordFailure("10.0.0.2", "vault");
        throttle.recordFailure("10.0.0.3", "vault");
        assertEquals(TEN_SECONDS, throttle.waitBeforeAttempt("10.0.0.1", "vault"),
                "a guesser with a token of its own left waits for the room's");
        assertEquals(0, throttle.waitBeforeAttempt("10.0.0.4", "vault"), "the right password always gets in");
    }
}
