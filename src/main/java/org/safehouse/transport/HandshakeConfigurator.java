package org.safehouse.transport;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Creates endpoint instances and records, per handshake, whether the browser's Origin is allowed. The decision needs
 * the Host header, which {@code checkOrigin} does not see, so it is made here and acted on in
 * {@link WebSocketEndpoint#onOpen} (close 1008). User properties written here are a per-connection copy (WebSocket
 * 2.1, section 4.1.1).
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String ORIGIN_ALLOWED = "safehouse.originAllowed";
    static final String REMOTE_ADDRESS = "safehouse.remoteAddress";

    private final SafehouseRuntime runtime;
    private final boolean legacy;

    HandshakeConfigurator(SafehouseRuntime runtime, boolean legacy) {
        this.runtime = runtime;
        this.legacy = legacy;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        String origin = first(request.getHeaders(), "Origin");
        String host = first(request.getHeaders(), "Host");
        Map<String, Object> properties = config.getUserProperties();
        properties.put(ORIGIN_ALLOWED, runtime.originPolicy().allows(origin, host));
        String address = HandshakeAddressFilter.currentAddress();
        if (address != null) {
            properties.put(REMOTE_ADDRESS, address);
        }
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new WebSocketEndpoint(runtime, legacy));
    }

    /** Header names are case-insensitive; containers differ in the case of the map's keys. */
    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
