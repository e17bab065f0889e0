package org.safehouse.delivery;

/**
 * Something that takes frames for one connection, typically its {@link OutboundQueue}.
 *
 * <ol>
 *   <li>{@link #deliver} MUST NOT block and MUST NOT throw: it is called by the publisher's thread, possibly while the
 *       publisher holds a room's lock.</li>
 *   <li>Frames delivered from one thread arrive in the order delivered.</li>
 *   <li>After the connection has closed, {@link #deliver} silently drops the frame.</li>
 * </ol>
 */
public interface Subscriber {
    void deliver(OutboundFrame frame);
}
