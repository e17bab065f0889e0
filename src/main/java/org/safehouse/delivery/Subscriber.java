package org.safehouse.delivery;

/**
 * Something that takes frames for one connection, typically its {@link OutboundQueue}.
 *
 * <ol>
 *   <li>{@link #deliver} MUST NOT block and MUST NOT throw: it is called by the publisher's thread, possibly while the
 *       publisher holds a room's lock.</li>
 *   <li>Frames delivered from one thread arrive in the order delivered.</li>
 *   <li>After the connection has closed, {@link #deliver} silently drops the frame.</li>
 *   <li>A fan-out may split delivering in two: {@link #enqueue} takes the frame in its place in the order (under the
 *       publisher's lock), {@link #flush} starts sending it later, on any thread, with no lock held. The same rules
 *       apply to both halves; a subscriber that cannot split sends in {@code enqueue} and answers false.</li>
 * </ol>
 */
public interface Subscriber {
    void deliver(OutboundFrame frame);

    /**
     * Takes the frame in order, like {@link #deliver}, but may leave starting the send to {@link #flush}.
     *
     * @return true when {@link #flush} should be called once the publisher is done
     */
    default boolean enqueue(OutboundFrame frame) {
        deliver(frame);
        return false;
    }

    /** Starts sending whatever {@link #enqueue} took. Never blocks, never throws; a no-op when nothing waits. */
    default void flush() {
    }
}
