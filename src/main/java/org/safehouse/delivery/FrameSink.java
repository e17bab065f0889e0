package org.safehouse.delivery;

import java.util.List;
import java.util.function.Consumer;

/**
 * The transport's side of an {@link OutboundQueue}: starts one asynchronous send. Implemented by the transport over
 * {@code Session.getAsyncRemote()}; by recording fakes in tests.
 *
 * <ol>
 *   <li>The queue calls {@link #sendText}, {@link #sendTexts} or {@link #sendPing} only when no other send of this
 *       sink is in flight.</li>
 *   <li>The sink MUST call {@code done} exactly once per send, with null on success or the failure, from any thread,
 *       possibly before the send call returns.</li>
 *   <li>{@link #sendTexts} is called only when {@link #maxFramesPerSend} is above 1, with at most that many frames;
 *       it sends them as separate WebSocket messages, in order, and calls {@code done} once, when all of them are
 *       written or one failed. It exists so that frames waiting for one connection can leave in one system call.</li>
 *   <li>{@link #close} MUST NOT block the caller for long: the transport hands the close to another thread.</li>
 * </ol>
 */
public interface FrameSink {
    /** Sends the frame's text as one message ({@link OutboundFrame#text}, or its shared {@link OutboundFrame#utf8}). */
    void sendText(OutboundFrame frame, Consumer<Throwable> done);

    /** Sends several text messages as one write where the transport can; see rule 3. */
    default void sendTexts(List<OutboundFrame> frames, Consumer<Throwable> done) {
        throw new UnsupportedOperationException("this sink sends one frame at a time");
    }

    /** How many waiting frames {@link #sendTexts} takes at once; 1 (the default) means one frame per send. */
    default int maxFramesPerSend() {
        return 1;
    }

    void sendPing(Consumer<Throwable> done);

    /** Ends the connection with a WebSocket close code and a short reason. */
    void close(int code, String reason);
}
