package org.safehouse.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.safehouse.core.ChatSession;
import org.safehouse.core.ClientConnection;
import org.safehouse.core.LogFields;
import org.safehouse.delivery.FrameSink;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.delivery.OutboundQueue;
import org.safehouse.delivery.QueueLimits;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.CloseCode;

/**
 * One WebSocket session: the core's {@link ClientConnection} and the queue's {@link FrameSink}. All sends go through
 * the {@link OutboundQueue}; closing is handed to the runtime's closer thread because {@code Session.close} may block
 * while a send is stuck.
 */
final class JakartaConnection implements ClientConnection, FrameSink {
    private static final System.Logger LOG = System.getLogger(JakartaConnection.class.getName());
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Set once a session showed that Jetty's core classes cannot be linked here (Tomcat, a Jetty distribution). */
    private static volatile boolean coreWritesUnavailable;

    private final Session session;
    private final SafehouseRuntime runtime;
    private final String remoteAddress;
    private final OutboundQueue queue;
    private final JettyCoreWrites coreWrites;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean pingOutstanding;
    private volatile ChatSession chatSession;

    JakartaConnection(Session session, SafehouseRuntime runtime, String remoteAddress, QueueLimits limits) {
        this.session = session;
        this.runtime = runtime;
        this.remoteAddress = remoteAddress;
        this.coreWrites = coreWritesOf(session);
        this.queue = new OutboundQueue(this, limits, runtime.writePacer(), CloseCode.TOO_SLOW.code(),
                CloseCode.TOO_SLOW.reason());
    }

    private static JettyCoreWrites coreWritesOf(Session session) {
        if (coreWritesUnavailable) {
            return null;
        }
        try {
            return JettyCoreWrites.forSession(session);
        } catch (LinkageError e) {
            coreWritesUnavailable = true;
            LOG.log(Level.DEBUG, "frames are sent through the Jakarta API, one per send: {0}", e.toString());
            return null;
        }
    }

    void attach(ChatSession chat) {
        this.chatSession = chat;
    }

    ChatSession chatSession() {
        return chatSession;
    }

    /** Any frame or pong from the client proves it is alive. */
    void heard() {
        lastHeardNanos = System.nanoTime();
        pingOutstanding = false;
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    /** Queues a ping unless one is already waiting for its pong. */
    void ping() {
        if (!pingOutstanding) {
            pingOutstanding = true;
            queue.offerPing();
        }
    }

    OutboundQueue queue() {
        return queue;
    }

    // ---- ClientConnection ----

    @Override
    public void send(OutboundFrame frame) {
        queue.offer(frame);
    }

    @Override
    public Subscriber subscriber() {
        return queue;
    }

    @Override
    public void close(CloseCode code) {
        close(code.code(), code.reason());
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    // ---- FrameSink ----

    @Override
    public void sendText(OutboundFrame frame, Consumer<Throwable> done) {
        if (coreWrites != null) {
            coreWrites.sendText(frame, failure -> {
                if (failure == null) {
                    runtime.metrics().delivered();
                }
                done.accept(failure);
            });
            return;
        }
        try {
            session.getAsyncRemote().sendText(frame.text(), (SendResult result) -> {
                if (result.isOK()) {
                    runtime.metrics().delivered();
                }
                done.accept(result.getException());
            });
        } catch (RuntimeException e) {
            done.accept(e); // the session closed under us
        }
    }

    @Override
    public int maxFramesPerSend() {
        return coreWrites == null ? 1 : JettyCoreWrites.MAX_FRAMES;
    }

    @Override
    public void sendTexts(List<OutboundFrame> frames, Consumer<Throwable> done) {
        coreWrites.sendTexts(frames, failure -> {
            if (failure == null) {
                runtime.metrics().delivered(frames.size());
            }
            done.accept(failure);
        });
    }

    @Override
    public void sendPing(Consumer<Throwable> done) {
        try {
            session.getAsyncRemote().sendPing(EMPTY.duplicate());
            done.accept(null);
        } catch (IOException | RuntimeException e) {
            done.accept(e);
        }
    }

    /**
     * Closes once. A connection that cannot keep up (4002) or stopped answering pings (4004) is taken out of its rooms
     * at once and its socket aborted: it would not read a close frame queued behind its backlog. Any other close is
     * polite, a close frame after what is queued.
     */
    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (code == CloseCode.TOO_SLOW.code()) {
            LOG.log(Level.INFO, "closed a slow consumer {0} {1}", LogFields.address(this),
                    LogFields.field("queued_bytes", queue.queuedBytes()));
        }
        runtime.metrics().closedWith(code);
        CloseReason why = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason);
        if (code == CloseCode.TOO_SLOW.code() || code == CloseCode.HEARTBEAT_TIMEOUT.code()) {
            queue.shutDown();
            runtime.evictLater(session, why, this);
        } else {
            queue.sendHeldAndShutDown(); // the frames paced writes were holding go before the close frame
            runtime.closeLater(session, why);
        }
    }
}
