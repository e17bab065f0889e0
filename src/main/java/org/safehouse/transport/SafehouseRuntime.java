package org.safehouse.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.safehouse.config.Limits;
import org.safehouse.core.ChatServer;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.QueueLimits;
import org.safehouse.protocol.CloseCode;

/**
 * What one deployed webapp runs: the chat core, the broker, the live connections, and threads of its own: the
 * scheduler (core ticks every {@value #TICK_MILLIS} ms, heartbeat every second), the closer (closes sessions, which
 * may block while a send is stuck, so never on a fan-out or container thread) and the password pool
 * ({@code max_concurrent_password_checks} threads running Argon2id for the core).
 */
final class SafehouseRuntime {
    private static final System.Logger LOG = System.getLogger(SafehouseRuntime.class.getName());
    static final int TICK_MILLIS = 50;
    /**
     * Tomcat's per-session timeout of a blocking send (a {@code Long} of milliseconds; other containers ignore the
     * user property). We never send blocking, but Tomcat does on our sessions: the reply to a client's close frame
     * (code 1000) and to its pings on a container thread, and our pings from whichever thread drains the queue.
     * Each first waits for the frame already in flight on the session, whose completion Tomcat runs on the same
     * container thread pool; when many clients close at once every container thread can end up waiting so (spinning
     * on {@code Thread.yield}), and nothing moves until this timeout (Tomcat's default 20 s) lets them go, 200 at a
     * time. Hence a short bound; a control frame that cannot be written within it fails and the session closes.
     */
    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    static final Long CONTROL_FRAME_SEND_MILLIS = 250L;

    private final ChatServer chat;
    private final Broker broker;
    private final OriginPolicy originPolicy;
    private final Limits limits;
    private final QueueLimits queueLimits;
    private final Set<JakartaConnection> connections = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("tick"));
    private final ExecutorService closer = Executors.newSingleThreadExecutor(named("closer"));
    /** The password pool: runs Argon2id for the core, never on a container thread. */
    private final ExecutorService passwordWorkers;

    SafehouseRuntime(ChatServer chat, Broker broker, ExecutorService passwordWorkers) {
        this.chat = chat;
        this.broker = broker;
        this.passwordWorkers = passwordWorkers;
        this.limits = chat.config().limits();
        this.originPolicy = new OriginPolicy(chat.config().allowedOrigins());
        this.queueLimits = new QueueLimits(limits.outboundQueueBytes(), limits.outboundQueueFrames());
    }

    void start() {
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, 1, 1, TimeUnit.SECONDS);
    }

    ChatServer chat() {
        return chat;
    }

    OriginPolicy originPolicy() {
        return originPolicy;
    }

    QueueLimits queueLimits() {
        return queueLimits;
    }

    /** Per-session limits, set explicitly so every container behaves the same. */
    void applyLimits(Session session) {
        MessageBuffers.apply(session, limits);
        // Our heartbeat closes dead connections first; the container's idle timeout is only a backstop.
        session.setMaxIdleTimeout(limits.pingIntervalSeconds() * 3_000L);
        session.getAsyncRemote().setSendTimeout(limits.sendTimeoutSeconds() * 1000L);
        session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, CONTROL_FRAME_SEND_MILLIS);
    }

    void register(JakartaConnection connection) {
        connections.add(connection);
    }

    void unregister(JakartaConnection connection) {
        connections.remove(connection);
    }

    int connectionCount() {
        return connections.size();
    }

    void closeLater(Session session, CloseReason reason) {
        try {
            closer.execute(() -> closeNow(session, reason));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            closeNow(session, reason); // shutting down
        }
    }

    private static void closeNow(Session session, CloseReason reason) {
        try {
            if (session.isOpen()) {
                session.close(reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, "close failed: " + e.getClass().getName());
        }
    }

    private void tick() {
        try {
            chat.tick();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "tick failed", e);
        }
    }

    private void heartbeat() {
        long now = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(limits.pingIntervalSeconds());
        for (JakartaConnection connection : connections) {
            long quiet = now - connection.lastHeardNanos();
            if (quiet > 2 * interval) {
                connection.close(CloseCode.HEARTBEAT_TIMEOUT);
            } else if (quiet > interval) {
                connection.ping();
            }
        }
    }

    /** Closes every connection with 1001 and stops the threads. */
    void stop() {
        scheduler.shutdownNow();
        for (JakartaConnection connection : connections) {
            connection.close(CloseCode.GOING_AWAY);
        }
        closer.shutdown();
        passwordWorkers.shutdownNow();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
            passwordWorkers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker.close();
        chat.close();
    }

    static ThreadFactory named(String purpose) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "safehouse-" + purpose + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
