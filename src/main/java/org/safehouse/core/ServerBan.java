package org.safehouse.core;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A server-wide ban of one address group, set by the operator: connections from that group are refused at open and
 * closed when live (close code 4008). Keeps the group's HMAC digest ({@link AddressGroupHmac}), never the address.
 * Immutable.
 *
 * @param addressDigest the HMAC-SHA256 hex of the address group under the server secret
 * @param reason        the operator's note, shown only to the operator
 * @param by            who set it: {@code admin-api} or {@code cli}
 * @param untilMs       when it ends (epoch milliseconds); empty: until lifted
 */
public record ServerBan(String id, String addressDigest, Optional<String> reason, String by, long createdMs,
                        OptionalLong untilMs) {
    /** The longest reason kept, in characters. */
    public static final int MAX_REASON_CHARS = 200;
    /** Shortest and longest timed ban (a minute, a year), as a room's bans have them. */
    public static final long MIN_DURATION_MILLIS = 60_000L;
    public static final long MAX_DURATION_MILLIS = 31_536_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    public ServerBan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(addressDigest, "addressDigest");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(untilMs, "untilMs");
    }

    /** A new ban with a random id, from {@code nowMillis} for {@code durationMs} (empty: until lifted). */
    public static ServerBan create(String addressDigest, OptionalLong durationMs, Optional<String> reason, String by,
                                   long nowMillis) {
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return new ServerBan(HexFormat.of().formatHex(id), addressDigest, reason, by, nowMillis,
                durationMs.isPresent() ? OptionalLong.of(nowMillis + durationMs.getAsLong()) : OptionalLong.empty());
    }

    public boolean expired(long nowMillis) {
        return untilMs.isPresent() && untilMs.getAsLong() <= nowMillis;
    }

    @Override
    public String toString() {
        return "ServerBan[" + id + "]"; // no digest in logs
    }
}
