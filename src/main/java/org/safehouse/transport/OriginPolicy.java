package org.safehouse.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which browser origins may open a WebSocket: the page's own origin (the Origin's host and port equal the Host
 * header's) and the configured allow-list. A request without an Origin header is not from a browser and is allowed;
 * the opaque origin {@code null} is refused. Immutable.
 */
final class OriginPolicy {
    private final Set<String> allowed;

    OriginPolicy(List<String> allowedOrigins) {
        this.allowed = Set.copyOf(allowedOrigins);
    }

    boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI uri = new URI(normalized);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return false;
            }
            int defaultPort = "https".equals(uri.getScheme()) ? 443 : 80;
            int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
            return authority(uri.getHost(), port, defaultPort).equals(hostHeader(host, defaultPort));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String hostHeader(String host, int defaultPort) {
        String value = host.trim().toLowerCase(Locale.ROOT);
        int colon = value.lastIndexOf(':');
        if (colon > value.lastIndexOf(']')) {
            try {
                return authority(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)), defaultPort);
            } catch (NumberFormatException e) {
                return value;
            }
        }
        return authority(value, defaultPort, defaultPort);
    }

    private static String authority(String host, int port, int defaultPort) {
        return port == defaultPort ? host : host + ":" + port;
    }
}
