package org.safehouse.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.safehouse.config.AddressRange;
import org.safehouse.config.TrustedProxies;

/**
 * The forwarding headers of one handshake ({@code X-Forwarded-For} with {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host}, else {@code Forwarded} of RFC 7239), and who the client is once they are weighed. They
 * count only when the TCP peer is a trusted proxy; anyone else can write them. Immutable; no jakarta types, so it is
 * tested without a server.
 *
 * <p>Why {@code X-Forwarded-For} first: nginx, Caddy, Apache, Traefik and HAProxy's {@code option forwardfor} all
 * write it, and none of nginx, Caddy or Apache touches a {@code Forwarded} header the client sent; preferring
 * {@code Forwarded} would let any client behind them name itself (CaddyProxyIT shows it). A proxy that writes only
 * {@code Forwarded} must drop the client's {@code X-Forwarded-For} (docs/DEPLOY.md).
 *
 * <p>The client is found walking the chain from the right, the end our own proxy wrote: addresses of trusted proxies
 * are skipped, and the first other address is the client. An obfuscated or {@code unknown} node, a port-less name or
 * garbage where an address should be stops the walk and the TCP peer is used instead, so a mangled header can make a
 * client share its proxy's limits but never pick someone else's address.
 *
 * @param forwarded       the values of every {@code Forwarded} header line, in order
 * @param forwardedFor    the values of every {@code X-Forwarded-For} line, in order
 * @param forwardedProto  the values of every {@code X-Forwarded-Proto} line
 * @param forwardedHost   the values of every {@code X-Forwarded-Host} line
 */
record ForwardedHeaders(List<String> forwarded, List<String> forwardedFor, List<String> forwardedProto,
                        List<String> forwardedHost) {
    static final ForwardedHeaders NONE = new ForwardedHeaders(List.of(), List.of(), List.of(), List.of());
    /** Hops looked at, from the right; a longer chain is cut there (and so cannot cost more than this). */
    static final int MAX_HOPS = 32;
    /** Longest header value read; containers cap headers too, this caps our own work. */
    static final int MAX_VALUE_CHARS = 8192;

    ForwardedHeaders {
        forwarded = List.copyOf(forwarded);
        forwardedFor = List.copyOf(forwardedFor);
        forwardedProto = List.copyOf(forwardedProto);
        forwardedHost = List.copyOf(forwardedHost);
    }

    /** Picks the four headers out of a handshake's headers, whose names may be in any case. */
    static ForwardedHeaders of(Map<String, List<String>> headers) {
        return new ForwardedHeaders(values(headers, "Forwarded"), values(headers, "X-Forwarded-For"),
                values(headers, "X-Forwarded-Proto"), values(headers, "X-Forwarded-Host"));
    }

    /** Who the client is: the peer itself unless the peer is trusted and the headers name someone. */
    ClientAddress resolve(String peer, TrustedProxies trusted) {
        ClientAddress direct = ClientAddress.direct(peer);
        if (!trusted.trusts(peer)) {
            return direct;
        }
        if (!forwardedFor.isEmpty()) {
            Optional<String> client =
                    walk(elements(forwardedFor, ','), trusted, ForwardedHeaders::forwardedForEntry);
            return new ClientAddress(client.orElse(direct.address()), peer, true,
                    last(forwardedProto).flatMap(ForwardedHeaders::scheme), last(forwardedHost));
        }
        if (!forwarded.isEmpty()) {
            return fromForwarded(peer, trusted);
        }
        return new ClientAddress(direct.address(), peer, true,
                last(forwardedProto).flatMap(ForwardedHeaders::scheme), last(forwardedHost));
    }

    private ClientAddress fromForwarded(String peer, TrustedProxies trusted) {
        List<String> elements = elements(forwarded, ',');
        List<String> nodes = new ArrayList<>();
        for (String element : elements) {
            nodes.add(parameter(element, "for").orElse(""));
        }
        int index = walkIndex(nodes, trusted, ForwardedHeaders::forwardedNode);
        if (index < 0) {
            return new ClientAddress(ClientAddress.direct(peer).address(), peer, true, Optional.empty(),
                    Optional.empty());
        }
        String element = elements.get(index);
        String client = forwardedNode(nodes.get(index)).orElseThrow();
        return new ClientAddress(client, peer, true, parameter(element, "proto").flatMap(ForwardedHeaders::scheme),
                parameter(element, "host"));
    }

    private static Optional<String> walk(List<String> nodes, TrustedProxies trusted,
                                         java.util.function.Function<String, Optional<String>> address) {
        int index = walkIndex(nodes, trusted, address);
        return index < 0 ? Optional.empty() : address.apply(nodes.get(index));
    }

    /**
     * The index of the client in the chain: from the right, the first address that is not a trusted proxy, or the
     * left-most if all are trusted; -1 when a node on the way is not an address.
     */
    private static int walkIndex(List<String> nodes, TrustedProxies trusted,
                                 java.util.function.Function<String, Optional<String>> address) {
        int stop = Math.max(0, nodes.size() - MAX_HOPS);
        for (int i = nodes.size() - 1; i >= stop; i--) {
            Optional<String> node = address.apply(nodes.get(i));
            if (node.isEmpty()) {
                return -1;
            }
            if (!trusted.trusts(node.get()) || i == stop) {
                return i;
            }
        }
        return -1;
    }

    /**
     * A {@code for=} node of RFC 7239 (section 6): {@code 192.0.2.60}, {@code 192.0.2.60:8080} (when quoted),
     * {@code "[2001:db8::1]"} or {@code "[2001:db8::1]:4711"}; {@code unknown} and obfuscated {@code _names} name no
     * address.
     */
    static Optional<String> forwardedNode(String raw) {
        String node = unquote(raw.trim());
        if (node.startsWith("[")) {
            int close = node.indexOf(']');
            if (close < 0 || !validPort(node.substring(close + 1))) {
                return Optional.empty();
            }
            String inside = node.substring(1, close);
            return inside.indexOf(':') < 0 ? Optional.empty() : AddressRange.canonical(inside);
        }
        int colon = node.indexOf(':');
        if (colon >= 0) {
            if (!validPort(node.substring(colon))) {
                return Optional.empty();
            }
            node = node.substring(0, colon);
        }
        return node.indexOf(':') >= 0 ? Optional.empty() : AddressRange.canonical(node);
    }

    /** An {@code X-Forwarded-For} entry: a bare IPv4 or IPv6 address (some proxies bracket IPv6 or add a port). */
    static Optional<String> forwardedForEntry(String raw) {
        String entry = raw.trim();
        Optional<String> plain = AddressRange.canonical(entry);
        return plain.isPresent() ? plain : forwardedNode(entry);
    }

    private static boolean validPort(String suffix) {
        if (suffix.isEmpty()) {
            return true;
        }
        String port = suffix.substring(1);
        if (suffix.charAt(0) != ':' || port.isEmpty() || port.length() > 5) {
            return false;
        }
        return port.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(port) <= 65535
                || port.startsWith("_"); // an obfuscated port hides nothing we need
    }

    private static Optional<String> scheme(String value) {
        String scheme = value.trim().toLowerCase(Locale.ROOT);
        return scheme.equals("http") || scheme.equals("https") ? Optional.of(scheme) : Optional.empty();
    }

    /** The right-most comma-separated item of the last line: what the nearest proxy wrote. */
    private static Optional<String> last(List<String> lines) {
        List<String> items = elements(lines, ',');
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(items.size() - 1).trim())
                .filter(s -> !s.isEmpty());
    }

    /** Splits header lines into items at {@code separator}, outside quoted strings; too long a value is ignored. */
    static List<String> elements(List<String> lines, char separator) {
        List<String> items = new ArrayList<>();
        for (String line : lines) {
            if (line == null || line.length() > MAX_VALUE_CHARS) {
                continue;
            }
            StringBuilder item = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (c == '\\' && quoted && i + 1 < line.length()) {
                    item.append(c);
                    c = line.charAt(++i);
                } else if (c == separator && !quoted) {
                    items.add(item.toString());
                    item.setLength(0);
                    continue;
                }
                item.append(c);
            }
            items.add(item.toString());
        }
        return items;
    }

    /** The value of {@code name=} in one {@code Forwarded} element ({@code for=a;proto=https}), unquoted. */
    static Optional<String> parameter(String element, String name) {
        for (String pair : elements(List.of(element), ';')) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(name)) {
                String value = unquote(pair.substring(equals + 1).trim());
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return value;
    }

    private static List<String> values(Map<String, List<String>> headers, String name) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                found.addAll(header.getValue());
            }
        }
        return found;
    }
}
