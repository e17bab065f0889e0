package org.safehouse.transport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.safehouse.config.AddressRange;
import org.safehouse.config.PublicUrl;

/**
 * Which browser origins may open a WebSocket. Immutable.
 *
 * <ol>
 * <li>A request without an Origin header is not from a browser and is allowed; the opaque origin {@code null} is
 *     refused.</li>
 * <li>{@code allowed_origins} and the origin of {@code public_url} are allowed as they are.</li>
 * <li>Otherwise the Origin must be the page's own: its host, port and scheme equal those the request reached (the
 *     Host header and the request's scheme; behind a trusted proxy, what the proxy says it received). And its host
 *     must be a name this server really serves: {@code localhost}, an IP literal, a name in the TLS certificate,
 *     {@code server_ip} when it is a name, or the host of {@code public_url}. The Host header alone proves nothing:
 *     a DNS-rebinding page at {@code http://evil.example} sends {@code Host: evil.example} and
 *     {@code Origin: http://evil.example}, equal to each other, and is refused because {@code evil.example} is not
 *     served here.</li>
 * </ol>
 */
final class OriginPolicy {
    private final Set<String> allowed;
    private final Set<String> servedNames;

    /**
     * @param allowedOrigins exact origins from the config, lower case
     * @param publicUrl      {@code public_url}, if set
     * @param servedNames    host names (not IP literals) this server is known by: certificate names, server_ip;
     *                       a {@code *.} wildcard entry covers one label
     */
    OriginPolicy(List<String> allowedOrigins, Optional<PublicUrl> publicUrl, Set<String> servedNames) {
        Set<String> origins = new HashSet<>(allowedOrigins);
        publicUrl.ifPresent(url -> origins.add(url.origin()));
        this.allowed = Set.copyOf(origins);
        Set<String> names = new HashSet<>();
        for (String name : servedNames) {
            names.add(name.toLowerCase(Locale.ROOT));
        }
        publicUrl.ifPresent(url -> names.add(url.bareHost()));
        this.servedNames = Set.copyOf(names);
    }

    OriginPolicy(List<String> allowedOrigins) {
        this(allowedOrigins, Optional.empty(), Set.of());
    }

    /** For a direct connection: see {@link #allows(String, String, String, ClientAddress)}. */
    boolean allows(String origin, String host) {
        return allows(origin, host, null, ClientAddress.direct("unknown"));
    }

    /**
     * @param origin        the Origin header, or null
     * @param host          the Host header, or null
     * @param requestScheme {@code http} or {@code https} as the request reached this server, or null if unknown
     * @param client        who sent it; when it came through a trusted proxy, the proxy's scheme and host count
     */
    boolean allows(String origin, String host, String requestScheme, ClientAddress client) {
        if (origin == null) {
            return true;
        }
        String normalized = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(normalized)) {
            return true;
        }
        URI uri;
        try {
            uri = new URI(normalized);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawUserInfo() != null) {
            return false;
        }
        if (!served(uri.getHost())) {
            return false;
        }
        String reachedHost = host;
        String reachedScheme = requestScheme;
        if (client.viaTrustedProxy()) {
            Optional<String> forwardedHost = client.host().filter(h -> served(hostPart(h)));
            if (forwardedHost.isPresent()) {
                reachedHost = forwardedHost.get();
            }
            if (client.scheme().isPresent()) {
                reachedScheme = client.scheme().get();
            }
        }
        if (reachedHost == null || reachedScheme != null && !reachedScheme.equals(scheme)) {
            return false;
        }
        int defaultPort = PublicUrl.defaultPort(scheme);
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        return authority(uri.getHost(), port, defaultPort).equals(hostHeader(reachedHost, defaultPort));
    }

    /** {@code localhost} (and {@code *.localhost}), IP literals, and the names this server is known by. */
    boolean served(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.equals("localhost") || name.endsWith(".localhost") || AddressRange.literal(name).isPresent()) {
            return true;
        }
        if (servedNames.contains(name)) {
            return true;
        }
        int dot = name.indexOf('.');
        return dot > 0 && servedNames.contains("*" + name.substring(dot));
    }

    /** The host of a Host header value, without its port; IPv6 literals keep their brackets. */
    private static String hostPart(String hostHeader) {
        String value = hostHeader.trim();
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close < 0 ? value : value.substring(0, close + 1);
        }
        int colon = value.indexOf(':');
        return colon >= 0 && colon == value.lastIndexOf(':') ? value.substring(0, colon) : value;
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
