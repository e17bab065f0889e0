package org.safehouse.transport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Adds the browser security headers to every HTTP response of the WAR, so the bundled web client runs under a
 * strict Content-Security-Policy: scripts, styles and connections only from this server, no inline script or style,
 * no framing, no referrer. Registered in {@code WEB-INF/web.xml} as {@code security-headers} on {@code /*}.
 *
 * <p>{@code connect-src 'self'} already covers {@code ws:}/{@code wss:} to the same host in current Chromium, but
 * older browsers (CSP level 2) do not treat them as same-origin, so the policy also names {@code ws://host} and
 * {@code wss://host} explicitly, built from the request's {@code Host} header. A Host header that is not a plain
 * host[:port] is left out rather than copied into the policy.
 *
 * <p>{@code script-src} adds {@code 'wasm-unsafe-eval'} and nothing more: it lets the page compile WebAssembly (the
 * vendored hash-wasm Argon2id that derives a sealed room's key in the browser, webapp/vendor/hash-wasm/), while
 * {@code eval}, {@code new Function} and string timers stay blocked ({@code 'unsafe-eval'} is not granted), and the
 * WebAssembly module can only come from a script this server served.
 *
 * <p>The page itself ({@code index.html}, also served as the context root) gets {@code Cache-Control: no-store};
 * the scripts and styles, whose names carry no version, get {@code no-cache} so a new WAR is picked up at once.
 *
 * <p>Thread-safety: stateless, safe for concurrent requests. Headers are set before the rest of the chain runs,
 * because a servlet may commit the response.
 */
public final class SecurityHeadersFilter implements Filter {

    static final String BASE_POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'%s; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'none'";

    /** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. Nothing else is echoed. */
    private static final Pattern SAFE_HOST =
            Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\])(?::[0-9]{1,5})?");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest httpRequest && response instanceof HttpServletResponse httpResponse) {
            addHeaders(httpRequest, httpResponse);
        }
        chain.doFilter(request, response);
    }

    static void addHeaders(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy",
                contentSecurityPolicy(request.getHeader("Host"), publicUrl(request)));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        String path = pathInContext(request);
        if (path.isEmpty() || path.equals("/") || path.equals("/index.html")) {
            response.setHeader("Cache-Control", "no-store");
        } else if (path.endsWith(".js") || path.endsWith(".css")) {
            response.setHeader("Cache-Control", "no-cache");
        }
    }

    /** The policy, with explicit ws:// and wss:// sources for {@code host} when it is a well-formed host[:port]. */
    static String contentSecurityPolicy(String host) {
        return contentSecurityPolicy(host, java.util.Optional.empty());
    }

    /**
     * Behind a reverse proxy the Host header may not be the address people use; {@code public_url} is, so its
     * WebSocket origin is named too.
     */
    static String contentSecurityPolicy(String host, java.util.Optional<org.safehouse.config.PublicUrl> publicUrl) {
        String webSockets = "";
        if (host != null && SAFE_HOST.matcher(host).matches()) {
            webSockets = " ws://" + host + " wss://" + host;
        }
        if (publicUrl.isPresent()) {
            String origin = publicUrl.get().origin();
            String webSocket = (origin.startsWith("https:") ? "wss:" : "ws:") + origin.substring(origin.indexOf("//"));
            if (!webSockets.contains(" " + webSocket + " ") && !webSockets.endsWith(" " + webSocket)) {
                webSockets += " " + webSocket;
            }
        }
        return String.format(BASE_POLICY, webSockets);
    }

    private static java.util.Optional<org.safehouse.config.PublicUrl> publicUrl(HttpServletRequest request) {
        Object runtime = request.getServletContext() == null ? null
                : request.getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE);
        return runtime instanceof SafehouseRuntime safehouse ? safehouse.chat().config().publicUrl()
                : java.util.Optional.empty();
    }

    private static String pathInContext(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null) {
            return "";
        }
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
