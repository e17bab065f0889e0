package org.safehouse.transport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.util.Map;

/**
 * Ragnarok's clients connect to {@code ws(s)://host:port} with no path. The Ragnarok endpoint is registered at the
 * context root too, which Jetty and Tyrus honour; Tomcat does not, because its mapper has already turned a request
 * for the root into one for the welcome file ({@code /index.html}) before its WebSocket filter looks. So a WebSocket
 * upgrade for the context root that reaches this filter is upgraded here, through the standard
 * {@link ServerContainer#upgradeHttpToWebSocket} of WebSocket 2.1, to the same Ragnarok endpoint. Every other request,
 * a plain GET of the root included, passes on untouched. Registered in web.xml after {@code handshake-address}, which
 * must already have noted the peer's address.
 */
public final class RootUpgradeFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse httpResponse
                && isRootUpgrade(http)
                && http.getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE)
                        instanceof SafehouseRuntime runtime
                && http.getServletContext().getAttribute(SafehouseRuntime.CONTAINER_ATTRIBUTE)
                        instanceof ServerContainer container) {
            try {
                container.upgradeHttpToWebSocket(http, httpResponse, runtime.ragnarokAtRoot(), Map.of());
            } catch (DeploymentException e) {
                throw new ServletException("cannot upgrade a Ragnarok client at the context root", e);
            }
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isRootUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.trim().equalsIgnoreCase("websocket")) {
            return false;
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return uri.equals(context + "/") || uri.equals(context);
    }
}
