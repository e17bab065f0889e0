package org.safehouse.config;

import java.util.List;

/**
 * {@code trusted_proxies}: the peers whose forwarded headers ({@code Forwarded}, {@code X-Forwarded-For},
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host}) are believed. Empty by default: then every such header is
 * ignored and the TCP peer is the client. Immutable.
 */
public record TrustedProxies(List<AddressRange> ranges) {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    public TrustedProxies {
        ranges = List.copyOf(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address}, an IP literal, is a trusted proxy; false for anything that is not an IP literal. */
    public boolean trusts(String address) {
        if (ranges.isEmpty()) {
            return false;
        }
        return AddressRange.literal(address).map(bytes -> ranges.stream().anyMatch(r -> r.contains(bytes)))
                .orElse(false);
    }

    @Override
    public String toString() {
        return ranges.toString();
    }

    /** {@code trusted_proxies}: CIDR blocks or single addresses, IPv4 or IPv6; never host names. */
    static TrustedProxies read(JsonFields top) throws ConfigException {
        List<AddressRange> ranges = top.addressRanges("trusted_proxies");
        if (ranges.size() > 1024) {
            throw top.problem("trusted_proxies", "at most 1024 entries (use CIDR blocks)");
        }
        return new TrustedProxies(ranges);
    }
}
