package org.safehouse.transport;

import java.util.Optional;
import org.safehouse.config.AddressRange;

/**
 * Who a WebSocket handshake came from, once a trusted proxy's forwarded headers are weighed
 * ({@link ForwardedHeaders#resolve}). {@code address} drives per-address limits, throttles and logs. Immutable.
 *
 * @param address         the client's IP address (canonical text) or, failing that, whatever the container gave
 * @param peer            the TCP peer: the client itself, or the proxy
 * @param viaTrustedProxy whether the peer is a trusted proxy (then {@code scheme} and {@code host} may be set)
 * @param scheme          {@code http} or {@code https} as the client reached the proxy, if the proxy said
 * @param host            the Host the client asked the proxy for, if the proxy said; checked before any use
 */
record ClientAddress(String address, String peer, boolean viaTrustedProxy, Optional<String> scheme,
                     Optional<String> host) {

    static ClientAddress direct(String peer) {
        return new ClientAddress(AddressRange.canonical(peer).orElse(peer), peer, false, Optional.empty(),
                Optional.empty());
    }
}
