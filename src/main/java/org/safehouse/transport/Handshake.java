package org.safehouse.transport;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link HandshakeConfigurator#modifyHandshake} keeps of an upgrade request for {@link WebSocketEndpoint#onOpen},
 * where the TCP peer is known on every container and the Origin and client address are decided. Immutable.
 *
 * @param origin    the Origin header, or null
 * @param host      the Host header, or null
 * @param scheme    {@code http} or {@code https} as the request reached this server, or null when the container
 *                  does not say
 * @param forwarded the forwarding headers, believed only if the peer is a trusted proxy
 */
record Handshake(String origin, String host, String scheme, ForwardedHeaders forwarded) {

    static Handshake of(Map<String, List<String>> headers, URI requestUri) {
        return new Handshake(first(headers, "Origin"), first(headers, "Host"), scheme(requestUri),
                ForwardedHeaders.of(headers));
    }

    /** Tomcat gives ws:/wss: request URIs, Jetty http:/https:; Tyrus may give a path only. */
    private static String scheme(URI requestUri) {
        if (requestUri == null || requestUri.getScheme() == null) {
            return null;
        }
        return switch (requestUri.getScheme().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> "https";
            case "http", "ws" -> "http";
            default -> null;
        };
    }

    /** Header names are case-insensitive; containers differ in the case of the map's keys. */
    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
