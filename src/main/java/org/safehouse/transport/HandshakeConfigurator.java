package org.safehouse.transport;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Map;

/**
 * Creates endpoint instances and keeps, per handshake, the headers that decide the Origin check and the client's
 * address ({@link Handshake}). They are decided in {@link WebSocketEndpoint#onOpen} (close 1008 for a refused
 * Origin), because only there is the TCP peer known on every container. User properties written here are a
 * per-connection copy (WebSocket 2.1, section 4.1.1).
 */
final class HandshakeConfigurator extends ServerEndpointConfig.Configurator {
    static final String HANDSHAKE = "safehouse.handshake";
    static final String REMOTE_ADDRESS = "safehouse.remoteAddress";

    private final SafehouseRuntime runtime;
    private final boolean legacy;

    HandshakeConfigurator(SafehouseRuntime runtime, boolean legacy) {
        this.runtime = runtime;
        this.legacy = legacy;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Map<String, Object> properties = config.getUserProperties();
        properties.put(HANDSHAKE, Handshake.of(request.getHeaders(), request.getRequestURI()));
        String address = HandshakeAddressFilter.currentAddress();
        if (address != null) {
            properties.put(REMOTE_ADDRESS, address);
        }
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) {
        return endpointClass.cast(new WebSocketEndpoint(runtime, legacy));
    }
}
