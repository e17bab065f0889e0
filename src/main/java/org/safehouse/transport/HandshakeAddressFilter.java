package org.safehouse.transport;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Jakarta WebSocket has no standard way to learn the TCP peer's address (the client, or a proxy before it). On containers that run web.xml filters before
 * their upgrade filter (Tomcat), this filter exposes the request's address to
 * {@link HandshakeConfigurator#modifyHandshake}, which runs on the same thread during the upgrade. Jetty runs its
 * upgrade filter first and puts the address in the session's user properties instead ({@link RemoteAddresses}).
 * Mapped to every path, as the Ragnarok endpoint also answers at the context root; only upgrade requests are noted.
 */
public final class HandshakeAddressFilter implements Filter {
    private static final ThreadLocal<String> ADDRESS = new ThreadLocal<>();

    static String currentAddress() {
        return ADDRESS.get();
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof jakarta.servlet.http.HttpServletRequest http) || http.getHeader("Upgrade") == null) {
            chain.doFilter(request, response);
            return;
        }
        ADDRESS.set(request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            ADDRESS.remove();
        }
    }
}
