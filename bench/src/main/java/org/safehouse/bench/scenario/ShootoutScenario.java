package org.safehouse.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.Options;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.FrameType;
import org.safehouse.bench.client.MessageText;
import org.safehouse.bench.client.OutgoingFrames;
import org.safehouse.bench.measure.LoopStats;
import org.safehouse.bench.measure.Measurement;
import org.safehouse.bench.measure.Result;

/**
 * The websocket-shootout figure: the most clients in one room for which 95% of broadcasts reach every member within
 * 500 ms, with 4 concurrent broadcasters. The room grows by {@code --shootout-step} clients; at each size each
 * broadcaster sends, waits until every member has its message (or 5 s), and sends the next, until
 * {@code --shootout-broadcasts} broadcasts are done. The time of a broadcast is from its send to its receipt by the
 * last member.
 */
public final class ShootoutScenario implements Scenario, ConnectionListener {
    private static final int BROADCASTERS = 4;
    private static final long THRESHOLD_MICROS = 500_000;
    private static final long BROADCAST_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final AtomicIntegerArray remaining = new AtomicIntegerArray(BROADCASTERS);
    private final AtomicLongArray currentSeq = new AtomicLongArray(BROADCASTERS);
    private final AtomicLongArray sendNanos = new AtomicLongArray(BROADCASTERS);
    private final long[] nextSeq = new long[BROADCASTERS];
    private final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong expectedDeliveries =
            new java.util.concurrent.atomic.AtomicLong();
    private final int[] left = new int[BROADCASTERS];
    private ClientConnection[] broadcasters;
    private byte[][] heads;
    private volatile int members;
    private LoopStats[] stats;
    private Histogram completion;
    private int timeouts;
    private int runs;

    @Override
    public String name() {
        return "shootout";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Options options = context.options();
        int step = context.scaled(options.integer("shootout-step", 1000), 10);
        int max = context.scaled(options.integer("shootout-max", 20000), step);
        int broadcastsPerStep = options.integer("shootout-broadcasts", 100);
        long budgetNanos = TimeUnit.SECONDS.toNanos(options.integer("shootout-budget", 300));
        int concurrency = options.integer("connect-concurrency", 500);
        String room = "shootout-" + (runs++);
        ClientPool pool = context.pool();
        stats = LoopStats.create(pool.loopCount());
        for (int b = 0; b < BROADCASTERS; b++) {
            currentSeq.set(b, -1);
        }
        Result result = new Result(context.container(), "shootout",
                "4 broadcasters, room grows by " + step + " to " + max);
        List<ClientConnection> connections = new ArrayList<>();
        StringBuilder steps = new StringBuilder();
        int best = 0;
        Histogram bestCompletion = null;
        Measurement bestMeasurement = null;
        long bestDeliveries = 0;
        long start = System.nanoTime();
        for (int target = step; target <= max; target += step) {
            if (System.nanoTime() - start > budgetNanos) {
                result.warn("time budget (--shootout-budget) spent at " + connections.size() + " clients");
                break;
            }
            int more = target - connections.size();
            if (more > context.connectionHeadroom()) {
                result.warn("stopped at " + connections.size() + " clients: open-file limit (RLIMIT_NOFILE) of the "
                        + "server or generator");
                break;
            }
            List<ClientConnection> batch = new ArrayList<>();
            for (int i = connections.size(); i < target; i++) {
                ClientConnection connection = new ClientConnection(i, room, "s" + i, this);
                connection.scenarioState = new long[] {-1, -1, -1, -1};
                batch.add(connection);
            }
            Connector.Outcome outcome = Connector.open(pool, batch, concurrency, 120_000);
            connections.addAll(outcome.joined());
            if (outcome.failed() > 0) {
                result.warn("at " + target + " clients, " + outcome.failed() + " failed to join: "
                        + outcome.failureSummary());
                break;
            }
            Thread.sleep(1000);
            long deliveriesBefore = LoopStats.receivedSoFar(stats);
            Measurement measurement = Measurement.start(context.serverPid(), context.loopThreadIds());
            Histogram times = measureStep(connections, broadcastsPerStep);
            measurement.stop();
            long deliveries = LoopStats.receivedSoFar(stats) - deliveriesBefore;
            long p95 = times.getValueAtPercentile(95);
            steps.append(steps.length() == 0 ? "" : ", ").append(target).append(": p95 ")
                    .append(Result.millis(p95)).append(" ms");
            context.log("shootout: " + target + " clients, p95 " + Result.millis(p95) + " ms");
            if (p95 > THRESHOLD_MICROS || times.getTotalCount() == 0) {
                break;
            }
            best = target;
            bestCompletion = times;
            bestMeasurement = measurement;
            bestDeliveries = deliveries;
        }
        Thread.sleep(1000);
        pool.onEveryLoop(() -> { });
        LoopStats total = LoopStats.merge(stats);
        long closed = connections.stream().filter(c -> c.closeCode() != 0).count();
        long expected = expectedDeliveries.get();
        result.put("clients", best)
                .put("max_clients_p95_under_500ms", best)
                .put("steps", steps.toString())
                .put("sent", sent.get())
                .put("expected", expected)
                .put("received", total.received)
                .put("lost", Math.max(0, expected - (total.received - total.duplicates)))
                .put("duplicated", total.duplicates)
                .put("out_of_order", total.outOfOrder)
                .put("closed_clients", closed)
                .put("broadcast_timeouts", timeouts);
        if (bestCompletion != null) {
            result.latency("", bestCompletion);
            result.put("deliveries_per_s", Math.round(bestDeliveries / bestMeasurement.seconds()));
            bestMeasurement.fill(result, bestDeliveries);
        }
        if (!total.closes.isEmpty()) {
            result.put("close_codes", total.closes.toString());
        }
        if (best == max) {
            result.warn("the largest size tried still passed: raise --shootout-max");
        }
        ClientPool.closeAll(connections, 20_000);
        context.settle();
        return List.of(result);
    }

    /** Times {@code count} broadcasts, 4 in flight at most; the histogram is of send-to-last-receipt microseconds. */
    private Histogram measureStep(List<ClientConnection> connections, int count) throws InterruptedException {
        members = (int) connections.stream().filter(ClientConnection::isOpen).count();
        completion = new Histogram(60_000_000L, 3);
        broadcasters = new ClientConnection[BROADCASTERS];
        heads = new byte[BROADCASTERS][];
        for (int b = 0; b < BROADCASTERS; b++) {
            broadcasters[b] = connections.get(b);
            heads[b] = OutgoingFrames.broadcastHead(broadcasters[b].room());
        }
        synchronized (this) {
            for (int b = 0; b < BROADCASTERS; b++) {
                left[b] = count / BROADCASTERS + (b < count % BROADCASTERS ? 1 : 0);
            }
        }
        for (int b = 0; b < BROADCASTERS; b++) {
            int broadcaster = b;
            broadcasters[b].channel().eventLoop().execute(() -> sendNext(broadcaster));
        }
        long deadline = System.nanoTime() + (long) count * BROADCAST_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            boolean busy = false;
            for (int b = 0; b < BROADCASTERS; b++) {
                long seq = currentSeq.get(b);
                if (seq >= 0) {
                    busy = true;
                    if (System.nanoTime() - sendNanos.get(b) > BROADCAST_TIMEOUT_NANOS
                            && currentSeq.compareAndSet(b, seq, -1)) {
                        record(BROADCAST_TIMEOUT_NANOS / 1000, true);
                        int broadcaster = b;
                        broadcasters[b].channel().eventLoop().execute(() -> sendNext(broadcaster));
                    }
                }
            }
            synchronized (this) {
                boolean more = false;
                for (int b = 0; b < BROADCASTERS; b++) {
                    more |= left[b] > 0;
                }
                if (!busy && !more) {
                    break;
                }
            }
            Thread.sleep(5);
        }
        synchronized (this) {
            return completion.copy();
        }
    }

    private void sendNext(int broadcaster) {
        synchronized (this) {
            if (left[broadcaster] <= 0) {
                return;
            }
            left[broadcaster]--;
        }
        ClientConnection connection = broadcasters[broadcaster];
        if (!connection.isOpen()) {
            return;
        }
        long seq = nextSeq[broadcaster]++;
        long now = System.nanoTime();
        remaining.set(broadcaster, members);
        sent.incrementAndGet();
        expectedDeliveries.addAndGet(members);
        sendNanos.set(broadcaster, now);
        currentSeq.set(broadcaster, seq);
        connection.writeAndFlush(OutgoingFrames.message3(connection.channel().alloc(), heads[broadcaster], 's',
                broadcaster, seq, now));
    }

    private synchronized void record(long micros, boolean timedOut) {
        completion.recordValue(Math.min(micros, completion.getHighestTrackableValue()));
        if (timedOut) {
            timeouts++;
        }
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
        if (text.kind() != 's' || text.count() < 3) {
            return;
        }
        int broadcaster = (int) text.number(0);
        long seq = text.number(1);
        LoopStats loopStats = stats[connection.loopIndex()];
        loopStats.countReceived();
        long[] lastSeen = (long[]) connection.scenarioState;
        if (broadcaster < lastSeen.length) {
            if (seq == lastSeen[broadcaster]) {
                loopStats.duplicates++;
            } else if (seq < lastSeen[broadcaster]) {
                loopStats.outOfOrder++;
            } else {
                lastSeen[broadcaster] = seq;
            }
        }
        if (broadcaster < BROADCASTERS && currentSeq.get(broadcaster) == seq
                && remaining.decrementAndGet(broadcaster) == 0 && currentSeq.compareAndSet(broadcaster, seq, -1)) {
            record((receivedNanos - text.number(2)) / 1000, false);
            broadcasters[broadcaster].channel().eventLoop().execute(() -> sendNext(broadcaster));
        }
    }

    @Override
    public void onClosed(ClientConnection connection, int code, boolean byUs) {
        if (!byUs) {
            stats[connection.loopIndex()].countClose(code);
        }
    }
}
