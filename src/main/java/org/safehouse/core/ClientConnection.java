package org.safehouse.core;

import org.safehouse.delivery.OutboundFrame;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.CloseCode;

/**
 * The core's view of one WebSocket connection, implemented by the transport (and by recording fakes in tests).
 *
 * <ol>
 *   <li>{@link #send} and {@link #close} MUST NOT block; they may be called under the core's locks.</li>
 *   <li>{@link #send} puts the frame behind everything already queued for this connection, through the same bounded
 *       queue that {@link #subscriber()} feeds.</li>
 *   <li>After {@link #close}, the transport calls {@link ChatServer#closed} exactly once (also when the client
 *       closed first).</li>
 * </ol>
 */
public interface ClientConnection {
    void send(OutboundFrame frame);

    /** What the broker delivers this connection's topics to: its outbound queue. */
    Subscriber subscriber();

    void close(CloseCode code);

    /** The client's IP address as the container saw it; used for per-address limits, never logged with content. */
    String remoteAddress();

    /** What per-address limits count in: the IPv4 address, or the IPv6 /64 ({@link AddressGroups}). */
    default String addressGroup() {
        return AddressGroups.of(remoteAddress());
    }
}
