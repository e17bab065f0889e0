package org.safehouse.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.safehouse.protocol.BanKind;

/**
 * One ban of a room, as kept in its {@link RoomRules}. Immutable. It matches a joiner by whichever of its kinds it
 * has a value for: the proven key's fingerprint, the nickname key, or the address group's digest (an HMAC, never the
 * address). Only the {@code id}, kinds, label, reason, {@code by} and expiry are ever shown to clients.
 *
 * @param label     the nickname at ban time, for the ban list
 * @param by        the nickname of whoever banned
 * @param untilMs   when it ends (epoch milliseconds); empty: until unbanned
 */
public record BanEntry(String id, Set<BanKind> kinds, Optional<String> keyFingerprint, Optional<String> nickKey,
                       Optional<String> addressDigest, String label, Optional<String> reason, String by,
                       long createdMs, OptionalLong untilMs) {

    public BanEntry {
        Objects.requireNonNull(id, "id");
        kinds = Set.copyOf(kinds);
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(nickKey, "nickKey");
        Objects.requireNonNull(addressDigest, "addressDigest");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(untilMs, "untilMs");
    }

    /** Whether it has ended at {@code nowMillis}. */
    public boolean expired(long nowMillis) {
        return untilMs.isPresent() && untilMs.getAsLong() <= nowMillis;
    }

    @Override
    public String toString() {
        return "BanEntry[" + id + " " + kinds + "]"; // no key, name or address digest in logs
    }
}
