package org.safehouse.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One mute of a room, as kept in its {@link RoomRules}: it holds the member's proven key (when it had one, so a new
 * nickname does not escape it) and its nickname key, until {@code untilMs}. Immutable.
 *
 * @param by the nickname of whoever muted
 */
public record MuteEntry(Optional<String> keyFingerprint, String nickKey, long untilMs, String by) {

    public MuteEntry {
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(nickKey, "nickKey");
        Objects.requireNonNull(by, "by");
    }

    /** Whether it has ended at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return untilMs <= nowMillis;
    }

    @Override
    public String toString() {
        return "MuteEntry[until " + untilMs + "]";
    }
}
