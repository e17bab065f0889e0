package org.safehouse.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code public_url}: the address people type to reach the chat, e.g. {@code https://chat.example.org} behind a
 * reverse proxy. Its scheme, host and port are the origin the Origin check accepts as the page's own; its path is
 * where the page lives. Immutable.
 *
 * @param scheme {@code http} or {@code https}
 * @param host   lower case; an IPv6 literal keeps its brackets
 * @param port   explicit or the scheme's default
 * @param path   ends with {@code /}; {@code /} when the URL has none
 */
public record PublicUrl(String scheme, String host, int port, String path) {

    /**
     * Parses an absolute http(s) URL without user info, query or fragment.
     *
     * @throws IllegalArgumentException with a message a person understands
     */
    public static PublicUrl parse(String text) {
        String problem = "\"" + text + "\" is not a URL like https://chat.example.org (scheme http or https, a host, "
                + "an optional port and path; no query, fragment or user name)";
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(problem);
        }
        int defaultPort = defaultPort(scheme);
        int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!path.endsWith("/")) {
            path = path + "/";
        }
        return new PublicUrl(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, path);
    }

    public static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** {@code scheme://host[:port]}, the port only when it is not the scheme's default: as browsers send Origin. */
    public String origin() {
        return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    }

    /** The host without IPv6 brackets. */
    public String bareHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    @Override
    public String toString() {
        return origin() + path;
    }

    static Optional<PublicUrl> read(JsonFields top) throws ConfigException {
        Optional<String> text = top.optionalString("public_url").filter(s -> !s.isBlank());
        try {
            return text.map(PublicUrl::parse);
        } catch (IllegalArgumentException e) {
            throw top.problem("public_url", e.getMessage());
        }
    }
}
