package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.SealedBody;

/**
 * The cluster's room log, as the core sees it: one total order per room kept outside this node (Redis: a counter, a
 * stream per room, pub/sub), and the feed of everything published, in that order, to every node. Implemented by
 * {@code cluster.RedisRoomLogBus}; the core's adapter is {@link ClusteredMessageLog}. It speaks strings, longs and
 * public records, never the core's rooms.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #append}, {@link #publishNumbered} and {@link #publish} MUST NOT block (they are called under a
 *       room's monitor); what one thread calls reaches every node's {@link Listener} in call order, each call at
 *       most once.</li>
 *   <li>{@link #append} recognises a resend: a {@code clientKey} the room kept within its window answers
 *       {@link AppendOutcome#duplicate} with the id and time it was kept under, and nothing is published. Otherwise
 *       it numbers the message with the next id of the cluster's one counter (larger than every id before it,
 *       in every room), keeps it in the room's log (at most {@code keepMessages}; none older than
 *       {@code keepMillis} when positive) and publishes it; every node hears {@link Listener#message}.</li>
 *   <li>When Redis fails, {@link AppendOutcome#failed} runs instead (and nothing was kept). The outcome runs on an
 *       I/O thread with no lock held; it MUST NOT block.</li>
 *   <li>{@link Listener} methods run on one thread, one at a time, in the cluster's order; they MUST NOT block on
 *       I/O (they may take a room's monitor).</li>
 * </ol>
 */
public interface RoomLogBus {
    /** A room message as every node hears it: numbered, with the opaque token of the append that sent it. */
    record Message(String roomKey, long id, long timestamp, String sender, String text,
                   Optional<SealedBody> sealed, Optional<String> clientKey, String origin) {
        /** A plain message. */
        public Message(String roomKey, long id, long timestamp, String sender, String text,
                       Optional<String> clientKey, String origin) {
            this(roomKey, id, timestamp, sender, text, Optional.empty(), clientKey, origin);
        }
    }

    /** The message to keep, with its room's topic and retention; {@code sealed}: a sealed room's body, kept as is. */
    record Posted(String roomKey, String topic, long timestamp, String sender, String text,
                  Optional<SealedBody> sealed, Optional<String> clientKey, String origin, int keepMessages,
                  long keepMillis) {
        /** A plain message. */
        public Posted(String roomKey, String topic, long timestamp, String sender, String text,
                      Optional<String> clientKey, String origin, int keepMessages, long keepMillis) {
            this(roomKey, topic, timestamp, sender, text, Optional.empty(), clientKey, origin, keepMessages,
                    keepMillis);
        }
    }

    /** What became of an append that published nothing. */
    interface AppendOutcome {
        void duplicate(long id, long timestamp);

        void failed(String reason);
    }

    /** What every node hears, in the cluster's order. */
    interface Listener {
        /** A room message was kept; append it to the room's mirror and deliver it to this node's members. */
        void message(Message message);

        /** An encoded frame for {@code topic}'s subscribers on this node. */
        void frame(String topic, String encodedFrame);
    }

    /** Keeps and publishes a room message, or recognises its resend; see the contract. */
    void append(Posted message, AppendOutcome outcome);

    /**
     * Publishes {@code before + id + after} to a room's topic, numbered from the same counter as the room's
     * messages, in call order with them; not kept.
     */
    void publishNumbered(String topic, String before, String after);

    /** Publishes an encoded frame to {@code topic} on every node. */
    void publish(String topic, String encodedFrame);

    /** Hears every node's publications from now on; register before the cluster starts. */
    void listen(Listener listener);
}
