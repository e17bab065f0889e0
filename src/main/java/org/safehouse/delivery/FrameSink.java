package org.safehouse.delivery;

import java.util.function.Consumer;

/**
 * The transport's side of an {@link OutboundQueue}: starts one asynchronous send. Implemented by the transport over
 * {@code Session.getAsyncRemote()}; by recording fakes in tests.
 *
 * <ol>
 *   <li>The queue calls {@link #sendText} or {@link #sendPing} only when no other send of this sink is in flight.</li>
 *   <li>The sink MUST call {@code done} exactly once per send, with null on success or the failure, from any thread,
 *       possibly before {@code sendText} returns.</li>
 *   <li>{@link #close} MUST NOT block the caller for long: the transport hands the close to another thread.</li>
 * </ol>
 */
public interface FrameSink {
    void sendText(String text, Consumer<Throwable> done);

    void sendPing(Consumer<Throwable> done);

    /** Ends the connection with a WebSocket close code and a short reason. */
    void close(int code, String reason);
}
