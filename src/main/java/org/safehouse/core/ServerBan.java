package org.safehouse.core;

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

    public ServerBan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(addressDigest, "addressDigest");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(untilMs, "untilMs");
    }

    public boolean expired(long nowMillis) {
        return untilMs.isPresent() && untilMs.getAsLong() <= nowMillis;
    }

    @Override
    public String toString() {
        return "ServerBan[" + id + "]"; // no digest in logs
    }
}
