package org.safehouse.delivery;

/**
 * Publish/subscribe by topic: the seam between one node and many. The in-memory implementation is the single-node
 * case; a clustered one relays through a shared bus and calls {@link LocalHub#dispatch} from its subscriber thread.
 *
 * <p>Contract, for every implementation:
 * <ol>
 *   <li>All methods are thread-safe and MUST NOT block on a slow subscriber.</li>
 *   <li>Frames published to one topic from one thread reach each subscriber in publish order. Callers that need one
 *       order across threads (a room) serialize their publishes themselves. The order is fixed when {@code publish}
 *       returns; the sends themselves may start later, on another thread.</li>
 *   <li>A subscriber receives every frame whose publish happens-after {@link #subscribe} returned and before
 *       {@link #unsubscribe} was called; a publish racing with either may or may not reach it (callers that need an
 *       exact seam, like a room's join, hold their own lock around both).</li>
 *   <li>Delivery is at most once per subscription: a subscriber that cannot keep up is closed by its own queue, it is
 *       never skipped silently.</li>
 *   <li>Subscribing twice with the same subscriber is the same as once.</li>
 * </ol>
 */
public interface Broker extends AutoCloseable {
    void subscribe(String topic, Subscriber subscriber);

    void unsubscribe(String topic, Subscriber subscriber);

    void publish(String topic, OutboundFrame frame);

    /** Number of local subscribers of a topic (for tests and metrics). */
    int localSubscribers(String topic);

    @Override
    void close();
}
