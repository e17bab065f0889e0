package org.safehouse.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import org.safehouse.config.AddressRange;
import org.safehouse.config.MonitoringConfig;

/**
 * Who may read {@code /metrics}: a client that connected directly from loopback or from a {@code metrics_allow}
 * block, or any client presenting {@code Authorization: Bearer <metrics_token>}. A request carrying a forwarding
 * header ({@code Forwarded}, {@code X-Forwarded-For}, {@code X-Real-IP}) came through a proxy, whose own address
 * (often loopback) says nothing about the client: it is let in by token only. Immutable, thread-safe.
 */
final class MetricsAccess {
    private static final List<AddressRange> LOOPBACK = List.of(AddressRange.parse("127.0.0.0/8"),
            AddressRange.parse("::1"));
    private static final String BEARER = "Bearer ";

    private final List<AddressRange> allowed;
    private final Optional<byte[]> tokenDigest;

    MetricsAccess(MonitoringConfig config) {
        this.allowed = config.metricsAllow();
        this.tokenDigest = config.metricsToken().map(MetricsAccess::sha256);
    }

    /**
     * @param peer          the TCP peer's IP address ({@code ServletRequest.getRemoteAddr()})
     * @param forwarded     whether the request carries a forwarding header
     * @param authorization the {@code Authorization} header, or null
     */
    boolean allows(String peer, boolean forwarded, String authorization) {
        if (tokenDigest.isPresent() && authorization != null && authorization.regionMatches(true, 0, BEARER, 0,
                BEARER.length())) {
            // Digests have one length whatever was sent, so the comparison takes the same time for any token.
            byte[] given = sha256(authorization.substring(BEARER.length()).trim());
            if (MessageDigest.isEqual(given, tokenDigest.get())) {
                return true;
            }
        }
        if (forwarded) {
            return false;
        }
        return LOOPBACK.stream().anyMatch(range -> range.contains(peer))
                || allowed.stream().anyMatch(range -> range.contains(peer));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
