package org.safehouse.transport;

import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.safehouse.delivery.OutboundFrame;

/**
 * Text frames written through Jetty's core session instead of the Jakarta API: the one class of the transport that
 * knows Jetty. Two things the Jakarta API cannot do:
 * <ul>
 *   <li>send the frame's UTF-8 bytes, encoded once per message and shared by every recipient
 *       ({@link OutboundFrame#utf8}), where {@code RemoteEndpoint.Async.sendText} encodes the text again for each;</li>
 *   <li>write several waiting frames in one system call without blocking ({@code flushBatch} waits for the write):
 *       every frame but the last goes in batch mode (Jetty copies it into the session's 4 KiB output buffer and
 *       completes it at once), the last one not, which writes the buffer and itself in one {@code writev}. While an
 *       earlier write is still pending, Jetty's flusher queues them and gathers them the same way.</li>
 * </ul>
 *
 * <p>Where Jetty's classes are absent or hidden from the webapp (Tomcat, a Jetty distribution) this class cannot be
 * linked; {@link JakartaConnection} catches that once and sends through the Jakarta API, one frame per send.
 */
final class JettyCoreWrites {
    /** Frames per gathered send: what fills Jetty's 4 KiB output buffer with the smallest room frames. */
    static final int MAX_FRAMES = 32;

    private final CoreSession core;

    private JettyCoreWrites(CoreSession core) {
        this.core = core;
    }

    /**
     * @return the core writes of a Jetty session, or null when the session is not Jetty's
     * @throws LinkageError where Jetty's classes are absent or hidden (when this class is first linked)
     */
    static JettyCoreWrites forSession(Session session) {
        return session instanceof JakartaWebSocketSession jetty ? new JettyCoreWrites(jetty.getCoreSession()) : null;
    }

    /** Sends one frame; {@code done} runs once, with null or the failure, possibly before this method returns. */
    void sendText(OutboundFrame frame, Consumer<Throwable> done) {
        Completion completion = new Completion(1, done);
        try {
            core.sendFrame(textFrame(frame), completion, false);
        } catch (RuntimeException e) {
            completion.failed(e);
        }
    }

    /**
     * Sends the frames as separate messages, in order; {@code done} runs once, with null when every frame was written
     * or with the first failure (the caller then sends nothing more), possibly before this method returns.
     */
    void sendTexts(List<OutboundFrame> frames, Consumer<Throwable> done) {
        Completion completion = new Completion(frames.size(), done);
        int last = frames.size() - 1;
        try {
            for (int i = 0; i <= last; i++) {
                core.sendFrame(textFrame(frames.get(i)), completion, i < last);
            }
        } catch (RuntimeException e) {
            completion.failed(e); // reports now: the queue closes and sends nothing after a failure
        }
    }

    /** A buffer of its own over the shared bytes: Jetty reads it and moves its position, never writes the bytes. */
    private static Frame textFrame(OutboundFrame frame) {
        return new Frame(OpCode.TEXT, true, ByteBuffer.wrap(frame.utf8()));
    }

    /** Counts the frames' callbacks down and reports once: at the first failure, or when the last one succeeded. */
    private static final class Completion implements Callback {
        private final AtomicInteger remaining;
        private final AtomicBoolean reported = new AtomicBoolean();
        private final Consumer<Throwable> done;

        Completion(int frames, Consumer<Throwable> done) {
            this.remaining = new AtomicInteger(frames);
            this.done = done;
        }

        @Override
        public void succeeded() {
            if (remaining.decrementAndGet() == 0 && reported.compareAndSet(false, true)) {
                done.accept(null);
            }
        }

        @Override
        public void failed(Throwable cause) {
            if (reported.compareAndSet(false, true)) {
                done.accept(cause);
            }
        }
    }
}
