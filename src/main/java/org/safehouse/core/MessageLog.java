package org.safehouse.core;

import java.util.Optional;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.ServerFrame;

/**
 * The port through which the chat rules number, keep and fan out a room's frames: message ids, the in-memory history
 * append, and publish/subscribe by topic. It is the seam for more than one node: a cluster implementation can own the
 * sequence, the history and the offsets (as centrifuge's Redis broker does), while the chat rules stay as they are.
 * It lives in core, not delivery, because it knows rooms and chat frames; delivery stays free of chat rules. The
 * single-node implementation is {@link InMemoryMessageLog}, over {@link org.safehouse.delivery.Broker}. Durable history
 * ({@link HistoryStore}) is not behind this port: the chat rules call the store after {@link #append}.
 *
 * <p>Contract, for every implementation (see docs/ARCHITECTURE.md for the locks):
 * <ol>
 *   <li>All methods are thread-safe and MUST NOT block on I/O or on a slow subscriber: they are called under a room's
 *       monitor.</li>
 *   <li>{@link #nextId} MUST return ids that grow, never repeat on this server, and are larger than every id the
 *       rooms held at start.</li>
 *   <li>{@link #append} MUST be called holding the room's monitor; it gives the message the next id and the clock's
 *       time, keeps it in the room's history, and publishes it to the room's topic, so that every member receives the
 *       room's messages in id order.</li>
 *   <li>{@link #publish}, {@link #subscribe} and {@link #unsubscribe} have the ordering and delivery guarantees of
 *       {@link org.safehouse.delivery.Broker} (at most once per subscription; a subscriber that cannot keep up is
 *       closed by its own queue).</li>
 *   <li>A frame is encoded once, whatever the number of recipients.</li>
 * </ol>
 */
interface MessageLog {
    /** The id of the next message (broadcast or private) of any room of this server. */
    long nextId();

    /**
     * Numbers, keeps and publishes a broadcast of {@code room} (caller holds the room's monitor).
     *
     * @param clientKey the sender-scoped client message id, by which a resend is recognised
     * @return the message as its members receive it
     */
    ServerFrame.Broadcast append(Room room, String sender, String text, Optional<String> clientKey);

    /** Encodes the frame once and hands it to every subscriber of the topic. */
    void publish(String topic, ServerFrame frame);

    void subscribe(String topic, Subscriber subscriber);

    void unsubscribe(String topic, Subscriber subscriber);
}
