package org.safehouse.core;

import java.util.Optional;
import java.util.function.LongFunction;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.SealedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * The port through which the chat rules number, keep and fan out a room's frames: message ids, the history append,
 * and publish/subscribe by topic. It is the seam for more than one node: {@link InMemoryMessageLog} numbers, keeps and
 * publishes on the caller's thread; {@link ClusteredMessageLog} lets Redis number and keep a room's messages and feeds
 * every node's mirror of the room in Redis's order (as centrifuge's Redis broker does), while the chat rules stay as
 * they are. It lives in core, not delivery, because it knows rooms and chat frames. Durable history
 * ({@link HistoryStore}) is not behind this port: the chat rules call the store once a message is appended.
 *
 * <p>Contract, for every implementation (see docs/ARCHITECTURE.md for the locks):
 * <ol>
 *   <li>All methods are thread-safe and MUST NOT block on I/O or on a slow subscriber: they are called under a room's
 *       monitor.</li>
 *   <li>{@link #nextId} MUST return ids that grow, never repeat on this server, and are larger than every id the
 *       rooms held at start.</li>
 *   <li>{@link #append} MUST be called holding the room's monitor. It recognises a resend ({@code clientKey} seen
 *       before in the room's window: {@link Appended#resent}, nothing delivered), or gives the message the next id of
 *       the room's order and the clock's time, keeps it in the room's history and publishes it to the room's topic,
 *       so that every member receives the room's messages in id order; then {@link Appended#appended} runs. In one
 *       node that is at once, on the caller's thread, under the room's monitor; in a cluster, later, on another
 *       thread and with no lock held, after this node's members got the message (the echo comes before the Ack).
 *       Exactly one of the three callbacks runs; {@link Appended#failed} when the message could not be kept (then
 *       nobody got it).</li>
 *   <li>{@link #publishNumbered} numbers a frame in the room's order (ids shared with its messages) and publishes
 *       it to the room's topic without keeping it.</li>
 *   <li>{@link #publish}, {@link #subscribe} and {@link #unsubscribe} have the ordering and delivery guarantees of
 *       {@link org.safehouse.delivery.Broker} (at most once per subscription; a subscriber that cannot keep up is
 *       closed by its own queue). A publish after an append or a numbered publish of the same thread reaches each
 *       subscriber after it.</li>
 *   <li>A frame is encoded once per node, whatever the number of recipients.</li>
 * </ol>
 */
interface MessageLog {
    /** What became of an {@link #append}; exactly one method runs, once. */
    interface Appended {
        /** The message was numbered, kept and published. */
        void appended(ServerFrame.Broadcast message);

        /** A resend of {@code earlier} (same sender-scoped client id): acknowledged again, not delivered again. */
        void resent(ServerFrame.Broadcast earlier);

        /** The message could not be kept (the cluster's Redis failed): nobody received it. */
        void failed(ChatError error);
    }

    /** The id of the next message (private, or a ban) of this node; a room's messages take theirs from {@link #append}. */
    long nextId();

    /**
     * Numbers, keeps and publishes a broadcast of {@code room} (caller holds the room's monitor), or recognises a
     * resend.
     *
     * @param clientKey the sender-scoped client message id, by which a resend is recognised
     */
    default void append(Room room, String sender, String text, Optional<String> clientKey, Appended done) {
        append(room, sender, text, Optional.empty(), clientKey, done);
    }

    /**
     * As {@link #append(Room, String, String, Optional, Appended)}, for a message that may be sealed: its body is
     * kept and relayed exactly as received (then {@code text} is empty).
     */
    void append(Room room, String sender, String text, Optional<SealedBody> sealed, Optional<String> clientKey,
                Appended done);

    /** Publishes {@code frame.apply(id)} to the room's topic, numbered in the room's order (caller holds its monitor). */
    void publishNumbered(Room room, LongFunction<ServerFrame> frame);

    /** Encodes the frame once and hands it to every subscriber of the topic. */
    void publish(String topic, ServerFrame frame);

    void subscribe(String topic, Subscriber subscriber);

    void unsubscribe(String topic, Subscriber subscriber);
}
