package org.safehouse.core;

import org.safehouse.config.Limits;

/** {@link PasswordGuessesContract} for one node's {@link PasswordThrottle}. */
class InMemoryPasswordGuessesTest extends PasswordGuessesContract {
    @Override
    protected PasswordGuesses throttle(Limits limits) {
        return new PasswordThrottle(clock, limits);
    }
}
