package org.safehouse.transport;

import jakarta.websocket.Session;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.websocket.jakarta.common.JakartaWebSocketSession;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Several text messages to one Jetty WebSocket session in one system call: the one class of the transport that knows
 * Jetty. The Jakarta API cannot do it without blocking ({@code flushBatch} waits for the write), so the frames go to
 * Jetty's core session: every frame but the last in batch mode (Jetty copies it into the session's 4 KiB output
 * buffer and completes it at once), the last one not, which writes the buffer and the last frame together, one
 * {@code writev}. While an earlier write is still pending, Jetty's flusher queues them and gathers them the same way.
 *
 * <p>Where Jetty's classes are absent or hidden from the webapp (Tomcat, a Jetty distribution) this class cannot be
 * linked; {@link JakartaConnection} catches that once and sends one frame per write through the Jakarta API.
 */
final class JettyGatheredWrites {
    /** Frames per gathered send: what fills Jetty's 4 KiB output buffer with the smallest room frames. */
    static final int MAX_FRAMES = 32;

    private final CoreSession core;

    private JettyGatheredWrites(CoreSession core) {
        this.core = core;
    }

    /**
     * @return the gathered writes of a Jetty session, or null when the session is not Jetty's
     * @throws LinkageError where Jetty's classes are absent or hidden (when this class is first linked)
     */
    static JettyGatheredWrites forSession(Session session) {
        return session instanceof JakartaWebSocketSession jetty ? new JettyGatheredWrites(jetty.getCoreSession()) : null;
    }

    /**
     * Sends the texts as separate messages, in order; {@code done} runs once, with null when every frame was written
     * or with the first failure (the caller then sends nothing more), possibly before this method returns.
     */
    void sendTexts(List<String> texts, Consumer<Throwable> done) {
        Completion completion = new Completion(texts.size(), done);
        int last = texts.size() - 1;
        try {
            for (int i = 0; i <= last; i++) {
                core.sendFrame(new Frame(OpCode.TEXT, texts.get(i)), completion, i < last);
            }
        } catch (RuntimeException e) {
            completion.failed(e); // reports now: the queue closes and sends nothing after a failure
        }
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
