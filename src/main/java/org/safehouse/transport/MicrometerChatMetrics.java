package org.safehouse.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.safehouse.core.ChatMetrics;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ErrorCode;

/**
 * The {@link ChatMetrics} port on a Micrometer Prometheus registry, plus what only the transport sees: deliveries
 * out, closes by code, queued bytes, and the JVM. Served by {@link MetricsServlet}. Metric names (Prometheus form)
 * are listed in docs/DEPLOY.md; tags hold only endpoint names, error codes and close codes, never a client's input.
 *
 * <p>Thread-safe: Micrometer's meters are; the counters kept here are atomics. Nothing blocks.
 */
public final class MicrometerChatMetrics implements ChatMetrics, AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Map<Boolean, AtomicInteger> open = Map.of(false, new AtomicInteger(), true, new AtomicInteger());
    private final Map<Boolean, Counter> joins;
    private final Map<ErrorCode, Counter> joinRefusals = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Counter messagesIn;
    private final LongAdder deliveries = new LongAdder();
    private final Counter rateLimited;
    private final Counter throttled;
    private final Counter slowConsumerCloses;
    private final AtomicInteger checksWaiting = new AtomicInteger();
    private final AtomicInteger checksRunning = new AtomicInteger();
    private final Timer checkWait;
    private final Timer checkDuration;
    private final Counter checksDropped;

    public MicrometerChatMetrics() {
        for (boolean legacy : new boolean[] {false, true}) {
            Gauge.builder("safehouse.connections", open.get(legacy), AtomicInteger::get)
                    .description("Open WebSocket connections").tag("endpoint", endpoint(legacy)).register(registry);
        }
        joins = Map.of(false, joinCounter(false), true, joinCounter(true));
        messagesIn = Counter.builder("safehouse.messages.in").description("Text frames received from clients")
                .register(registry);
        FunctionCounter.builder("safehouse.deliveries.out", deliveries, LongAdder::doubleValue)
                .description("Text frames sent to clients (each recipient of a broadcast counts)").register(registry);
        rateLimited = Counter.builder("safehouse.rate.limited")
                .description("Frames refused by the per-connection rate limit").register(registry);
        throttled = Counter.builder("safehouse.password.throttled")
                .description("Password attempts refused by the wrong-password throttle before hashing")
                .register(registry);
        slowConsumerCloses = Counter.builder("safehouse.slow.consumer.closes")
                .description("Connections closed for not keeping up with their outbound queue (4002)")
                .register(registry);
        Gauge.builder("safehouse.password.checks.waiting", checksWaiting, AtomicInteger::get)
                .description("Password checks waiting for an Argon2id slot").register(registry);
        Gauge.builder("safehouse.password.checks.running", checksRunning, AtomicInteger::get)
                .description("Password checks computing now").register(registry);
        checkWait = Timer.builder("safehouse.password.check.wait")
                .description("Time a password check waited for its Argon2id slot").register(registry);
        checkDuration = Timer.builder("safehouse.password.check.duration")
                .description("Time a password check computed").register(registry);
        checksDropped = Counter.builder("safehouse.password.checks.dropped")
                .description("Password checks refused for lack of a slot (server_busy)").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * A gauge read at scrape time (rooms, history bytes, bytes queued for clients). Held strongly: Micrometer's
     * object-and-function gauges hold their object weakly, and a method reference would vanish (NaN) at the next GC.
     */
    void gauge(String name, String description, LongSupplier value) {
        Gauge.builder(name, value::getAsLong).description(description).strongReference(true).register(registry);
    }

    /** The Prometheus text exposition format (0.0.4). */
    String scrape() {
        return registry.scrape();
    }

    int openConnections() {
        return open.get(false).get() + open.get(true).get();
    }

    // ---- seen only by the transport ----

    /** A text frame was written to a client. */
    void delivered() {
        deliveries.increment();
    }

    /** Several text frames were written to a client in one send. */
    void delivered(int frames) {
        deliveries.add(frames);
    }

    /** The server closed a connection with this code (once per connection). */
    void closedWith(int code) {
        closes.computeIfAbsent(code, c -> Counter.builder("safehouse.closes").tag("code", Integer.toString(c))
                .description("Connections the server closed, by close code").register(registry)).increment();
        if (code == CloseCode.TOO_SLOW.code()) {
            slowConsumerCloses.increment();
        }
    }

    // ---- ChatMetrics ----

    @Override
    public void connectionOpened(boolean legacy) {
        open.get(legacy).incrementAndGet();
    }

    @Override
    public void connectionClosed(boolean legacy) {
        open.get(legacy).decrementAndGet();
    }

    @Override
    public void joined(boolean legacy) {
        joins.get(legacy).increment();
    }

    @Override
    public void joinRefused(ErrorCode reason) {
        joinRefusals.computeIfAbsent(reason, r -> Counter.builder("safehouse.join.refusals")
                .tag("reason", r.wireName()).description("Joins refused, by error code").register(registry))
                .increment();
    }

    @Override
    public void messageIn() {
        messagesIn.increment();
    }

    @Override
    public void rateLimited() {
        rateLimited.increment();
    }

    @Override
    public void passwordThrottled() {
        throttled.increment();
    }

    @Override
    public void passwordCheckQueued() {
        checksWaiting.incrementAndGet();
    }

    @Override
    public void passwordCheckStarted(long waitNanos) {
        checksWaiting.decrementAndGet();
        checksRunning.incrementAndGet();
        checkWait.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void passwordCheckFinished(long tookNanos) {
        checksRunning.decrementAndGet();
        checkDuration.record(tookNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void passwordCheckDropped() {
        checksWaiting.decrementAndGet();
        checksDropped.increment();
    }

    /** Unhooks the GC listeners (a redeployed webapp must not leak them) and closes the registry. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private Counter joinCounter(boolean legacy) {
        return Counter.builder("safehouse.joins").tag("endpoint", endpoint(legacy))
                .description("Connections that entered a room").register(registry);
    }

    private static String endpoint(boolean legacy) {
        return legacy ? "ragnarok" : "chat";
    }
}
