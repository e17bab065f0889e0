package org.safehouse.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.safehouse.config.Limits;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ChatSession;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.PacedFlusher;
import org.safehouse.delivery.QueueLimits;
import org.safehouse.delivery.WritePacer;
import org.safehouse.protocol.CloseCode;

/**
 * What one deployed webapp runs: the chat core, the broker, the live connections, and threads of its own: the
 * scheduler (core ticks every {@value #TICK_MILLIS} ms, heartbeat every second), the closer (closes sessions, which
 * may block while a send is stuck, so never on a fan-out or container thread), the evicter (takes a connection
 * that cannot keep up out of its rooms and aborts its socket) and the password pool
 * ({@code max_concurrent_password_checks} threads running Argon2id for the core).
 */
public final class SafehouseRuntime {
    private static final System.Logger LOG = System.getLogger(SafehouseRuntime.class.getName());
    /** The servlet context attribute the deployed runtime is kept under, for the filters and servlets. */
    public static final String ATTRIBUTE = SafehouseRuntime.class.getName();
    /** Where a Servlet 6 container puts its Jakarta WebSocket {@code ServerContainer}. */
    static final String CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";
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
    /** Spaces each connection's writes by {@code outbound_gap_ms}, gathering what comes faster (embedded Jetty). */
    private final PacedFlusher writePacer;
    private final Set<JakartaConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile jakarta.websocket.server.ServerEndpointConfig ragnarokAtRoot;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(named("tick"));
    private final ExecutorService closer = Executors.newSingleThreadExecutor(named("closer"));
    /** Its own thread, so that an eviction never waits behind polite closes. */
    private final ExecutorService evicter = Executors.newSingleThreadExecutor(named("evict"));
    private final MicrometerChatMetrics metrics;
    private final MetricsAccess metricsAccess;
    private final long startedNanos = System.nanoTime();
    private volatile boolean stopping;
    /** The password pool: runs Argon2id for the core, never on a container thread. */
    private final ExecutorService passwordWorkers;
    /** Closed by {@link #stop} after the core's stores (the data directory's lock). */
    private final List<AutoCloseable> releasedOnStop = new CopyOnWriteArrayList<>();

    SafehouseRuntime(ChatServer chat, Broker broker, ExecutorService passwordWorkers) {
        this(chat, broker, passwordWorkers, new MicrometerChatMetrics());
    }

    /**
     * Adapts an assembled core to the container; built by the composition root ({@code org.safehouse.app}), which
     * hands over the parts this runtime then owns and stops.
     */
    public SafehouseRuntime(ChatServer chat, Broker broker, ExecutorService passwordWorkers,
                            MicrometerChatMetrics metrics) {
        this.chat = chat;
        this.metrics = metrics;
        this.broker = broker;
        this.passwordWorkers = passwordWorkers;
        this.limits = chat.config().limits();
        this.originPolicy = new OriginPolicy(chat.config().allowedOrigins(), chat.config().publicUrl(),
                ServedNames.of(chat.config()));
        this.queueLimits = new QueueLimits(limits.outboundQueueBytes(), limits.outboundQueueFrames());
        this.writePacer = new PacedFlusher(limits.outboundGapMs());
        this.metricsAccess = new MetricsAccess(chat.config().monitoring());
        chat.reportTo(metrics);
        ServedNames.certificateSha256(chat.config()).ifPresent(chat::announceCertificate);
        metrics.gauge("safehouse.rooms", "Rooms that exist, configured and created", chat::roomCount);
        metrics.gauge("safehouse.history.bytes", "Heap taken by room histories, roughly", chat::historyBytes);
        metrics.gauge("safehouse.outbound.queue.bytes", "Bytes queued for clients, all connections",
                this::queuedBytes);
        chat.clusterHealth().onChange(healthy -> {
            if (!healthy) {
                closeAllForLostCluster();
            }
        });
    }

    /**
     * This node lost its cluster: every client is told to reconnect elsewhere (4011). Only hands the closes to the
     * closer, so the cluster's thread that calls this never waits for a socket.
     */
    private void closeAllForLostCluster() {
        LOG.log(Level.WARNING, "this node lost its cluster: closing " + connections.size()
                + " connections with 4011 and refusing joins until it is back");
        for (JakartaConnection connection : connections) {
            connection.close(CloseCode.CLUSTER_LOST);
        }
    }

    /** Has {@link #stop} close {@code resource} last, after the core closed its stores. */
    public void releaseOnStop(AutoCloseable resource) {
        releasedOnStop.add(resource);
    }

    /** Starts the scheduler (core ticks, heartbeat); call once the endpoints are registered. */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::heartbeat, 1, 1, TimeUnit.SECONDS);
    }

    /** Reports joins, leaves and room messages to {@code events} (the library's event feed). */
    public void observe(org.safehouse.core.ChatEvents events) {
        chat.observe(events);
    }

    /** The Ragnarok endpoint's registration at the context root, set once at deployment. */
    void ragnarokAtRoot(jakarta.websocket.server.ServerEndpointConfig config) {
        this.ragnarokAtRoot = config;
    }

    jakarta.websocket.server.ServerEndpointConfig ragnarokAtRoot() {
        return ragnarokAtRoot;
    }

    ChatServer chat() {
        return chat;
    }

    OriginPolicy originPolicy() {
        return originPolicy;
    }

    org.safehouse.config.TrustedProxies trustedProxies() {
        return chat.config().trustedProxies();
    }

    QueueLimits queueLimits() {
        return queueLimits;
    }

    WritePacer writePacer() {
        return writePacer;
    }

    MicrometerChatMetrics metrics() {
        return metrics;
    }

    MetricsAccess metricsAccess() {
        return metricsAccess;
    }

    long uptimeSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    /** From here on /health answers 503: call when shutting down begins (before connections are told to go). */
    void beginStopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    private long queuedBytes() {
        long total = 0;
        for (JakartaConnection connection : connections) {
            total += connection.queue().queuedBytes();
        }
        return total;
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

    /**
     * Takes a connection out of the core at once (its neighbours see it leave with the next presence flush) and aborts
     * its socket ({@link SessionAbort}). On its own thread: the caller may hold core locks (an overflow happens while
     * a room publishes), and leaving takes the session's and rooms' locks.
     */
    void evictLater(Session session, CloseReason reason, JakartaConnection connection) {
        Runnable evict = () -> {
            try {
                ChatSession chatSession = connection.chatSession();
                if (chatSession != null) {
                    chat.closed(chatSession);
                }
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "evicting a connection failed", e);
            } finally {
                SessionAbort.abort(session, reason);
            }
        };
        LOG.log(Level.INFO, "evicting a connection (" + reason.getCloseCode().getCode() + " "
                + reason.getReasonPhrase() + ")");
        try {
            evicter.execute(evict);
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
    public void stop() {
        beginStopping();
        scheduler.shutdownNow();
        for (JakartaConnection connection : connections) {
            connection.close(CloseCode.GOING_AWAY);
        }
        closer.shutdown();
        evicter.shutdown();
        passwordWorkers.shutdownNow();
        try {
            closer.awaitTermination(5, TimeUnit.SECONDS);
            evicter.awaitTermination(5, TimeUnit.SECONDS);
            passwordWorkers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writePacer.close();
        broker.close();
        chat.close();
        metrics.close();
        for (AutoCloseable resource : releasedOnStop) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "releasing " + resource.getClass().getSimpleName() + " failed", e);
            }
        }
    }

    /** Daemon threads named {@code safehouse-<purpose>-<n>}, as every thread Safehouse starts. */
    public static ThreadFactory named(String purpose) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "safehouse-" + purpose + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
