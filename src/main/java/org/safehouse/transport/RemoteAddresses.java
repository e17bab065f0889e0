package org.safehouse.transport;

import jakarta.websocket.Session;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;

/**
 * The client's IP address of a WebSocket session, found the way each container offers it: our handshake filter
 * (Tomcat), a user property holding the remote socket address (Jetty), or a {@code getRemoteAddr()} method on the
 * session (Tyrus). Used for per-address limits only.
 */
final class RemoteAddresses {
    static final String UNKNOWN = "unknown";

    private RemoteAddresses() {
    }

    static String of(Session session) {
        Map<String, Object> properties = session.getUserProperties();
        Object recorded = properties.get(HandshakeConfigurator.REMOTE_ADDRESS);
        if (recorded instanceof String address) {
            return address;
        }
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (property.getValue() instanceof InetSocketAddress socket
                    && property.getKey().toLowerCase(Locale.ROOT).contains("remote")) {
                return socket.getAddress() != null ? socket.getAddress().getHostAddress() : socket.getHostString();
            }
        }
        try {
            Method method = session.getClass().getMethod("getRemoteAddr");
            Object value = method.invoke(session);
            if (value instanceof String address && !address.isEmpty()) {
                return address;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not offered by this container
        }
        return UNKNOWN;
    }
}
