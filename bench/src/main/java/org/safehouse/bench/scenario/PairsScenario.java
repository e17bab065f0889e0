package org.safehouse.bench.scenario;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.Options;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.FrameType;
import org.safehouse.bench.client.MessageText;
import org.safehouse.bench.client.OutgoingFrames;
import org.safehouse.bench.measure.Arrivals;
import org.safehouse.bench.measure.LoopStats;
import org.safehouse.bench.measure.Measurement;
import org.safehouse.bench.measure.Result;
import org.safehouse.bench.measure.SequenceTracker;

/**
 * Private messages between pairs: {@code --pairs} pairs (default 100) in one room, every client sending private
 * messages to its partner (client i and i xor 1), {@code --pairs-rate} messages a second in all (default 1,500),
 * evenly staggered over the senders. A delivery is a message arriving at its target; the copy a /chat sender gets
 * back is counted apart ({@code sender_copies}), so CPU per delivery is per private message on both endpoints.
 * {@code --protocol ragnarok} uses /ragnarok (the default room, no sender copy).
 */
public final class PairsScenario implements Scenario, ConnectionListener {
    private BenchContext context;
    private LoopStats[] stats;
    private long[] senderCopies;
    private long[] lastReceiptNanos;
    private volatile Phase phase = Phase.STOPPED;

    @Override
    public String name() {
        return "pairs";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        this.context = context;
        Options options = context.options();
        int pairs = options.integer("pairs", 100);
        double rate = options.decimal("pairs-rate", 1500);
        boolean ragnarok = Endpoint.ragnarok(options);
        double warmup = options.decimal("warmup", 2);
        double seconds = options.decimal("duration", 10);
        int loops = context.pool().loopCount();
        stats = LoopStats.create(loops);
        senderCopies = new long[loops];
        lastReceiptNanos = new long[loops];

        String token = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String room = "pairs-" + token;
        int clients = 2 * pairs;
        Result result = new Result(context.container(), "pairs",
                String.format("%d pairs, %,.0f private messages/s offered", pairs, rate))
                .put("endpoint", ragnarok ? "/ragnarok" : "/chat");
        List<ClientConnection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ClientConnection connection = new ClientConnection(i, room, nick(i, token), this, null, ragnarok);
            connection.scenarioState = new SequenceTracker();
            connections.add(connection);
        }
        context.log("pairs: joining " + clients + " clients");
        Connector.Outcome outcome = Connector.open(context.pool(), connections,
                options.integer("connect-concurrency", 500), 60_000);
        if (outcome.failed() > 0) {
            ClientPool.closeAll(outcome.joined(), 10_000);
            return List.of(result.warn(outcome.failed() + " clients failed to join: " + outcome.failureSummary()));
        }
        List<List<Sender>> sendersByLoop = new ArrayList<>();
        for (int loop = 0; loop < loops; loop++) {
            sendersByLoop.add(new ArrayList<>());
        }
        List<Sender> senders = new ArrayList<>();
        for (ClientConnection connection : connections) {
            String partner = nick(connection.index() ^ 1, token);
            byte[] head = ragnarok ? OutgoingFrames.ragnarokPrivateHead(partner)
                    : OutgoingFrames.privateHead(room, partner);
            Sender sender = new Sender(connection.index(), connection, head);
            senders.add(sender);
            sendersByLoop.get(connection.loopIndex()).add(sender);
        }
        double ratePerSender = rate / clients;
        List<ScheduledFuture<?>> pacers = new ArrayList<>();
        for (int loop = 0; loop < loops; loop++) {
            List<Sender> mine = sendersByLoop.get(loop);
            if (!mine.isEmpty()) {
                pacers.add(context.pool().loop(loop).scheduleAtFixedRate(
                        () -> tick(mine, ratePerSender, clients), 1, 1, TimeUnit.MILLISECONDS));
            }
        }
        phase = new Phase(0, 'w', System.nanoTime());
        Thread.sleep((long) (warmup * 1000));
        Measurement measurement = Measurement.start(context.serverPid(), context.redisPid(), context.loopThreadIds());
        Phase measured = new Phase(1, 'b', System.nanoTime());
        phase = measured;
        Thread.sleep((long) (seconds * 1000));
        phase = Phase.STOPPED;
        long sendEnd = System.nanoTime();
        context.pool().onEveryLoop(() -> { });
        long expected = 0;
        long sent = 0;
        long maxBehind = 0;
        for (Sender sender : senders) {
            long mine = sender.phaseId == measured.id() ? sender.sentInPhase : 0;
            sent += mine;
            maxBehind = Math.max(maxBehind, sender.maxBehindMessages);
            if (connections.get(sender.number ^ 1).isOpen()) {
                expected += mine;
            }
        }
        final long owed = expected;
        Arrivals.awaitSettled(() -> LoopStats.receivedSoFar(stats), owed);
        measurement.stop();
        pacers.forEach(p -> p.cancel(false));
        context.pool().onEveryLoop(() -> { });

        long unique = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        int closed = 0;
        for (ClientConnection connection : connections) {
            SequenceTracker tracker = (SequenceTracker) connection.scenarioState;
            if (connection.closeCode() != 0) {
                closed++;
                continue;
            }
            unique += tracker.unique();
            duplicates += tracker.duplicates();
            outOfOrder += tracker.outOfOrder();
        }
        LoopStats total = LoopStats.merge(stats);
        long copies = 0;
        long lastReceipt = sendEnd;
        for (int loop = 0; loop < loops; loop++) {
            copies += senderCopies[loop];
            lastReceipt = Math.max(lastReceipt, lastReceiptNanos[loop]);
        }
        double deliverySeconds = Math.max(1e-3, (lastReceipt - measured.startNanos()) / 1e9);
        result.put("clients", clients)
                .put("senders", clients)
                .put("offered_deliveries_per_s", Math.round(rate))
                .put("sent", sent)
                .put("expected", expected)
                .put("received", total.received)
                .put("lost", Math.max(0, expected - unique))
                .put("duplicated", duplicates)
                .put("out_of_order", outOfOrder)
                .put("closed_clients", closed)
                .put("sender_copies", copies)
                .put("deliveries_per_s", Math.round(total.received / deliverySeconds))
                .latency("", total.latencyMicros);
        if (!total.closes.isEmpty()) {
            result.put("close_codes", total.closes.toString());
        }
        if (!total.errors.isEmpty()) {
            result.put("errors", total.errors.toString());
        }
        measurement.fill(result, total.received);
        double behindMillis = maxBehind / Math.max(ratePerSender, 1e-9) * 1000;
        result.put("max_send_lag_ms", Result.round(behindMillis, 1));
        if (behindMillis > 50) {
            result.warn(String.format("send schedule lagged up to %.0f ms: the offered rate was not kept",
                    behindMillis));
        }
        result.put("achieved_offered_per_s", Math.round(sent / ((sendEnd - measured.startNanos()) / 1e9)));
        ClientPool.closeAll(connections, 10_000);
        long held = context.settle();
        if (held > 0) {
            result.warn("15 s after its clients closed, the server still held " + held + " of their connections");
        }
        context.log("pairs: " + result.get("deliveries_per_s") + " deliveries/s, p99 " + result.get("p99_ms") + " ms");
        return List.of(result);
    }

    private static String nick(int index, String token) {
        return "p" + index + "x" + token;
    }

    /** Every millisecond on a loop: each sender sends what its share of the rate owes, evenly staggered. */
    private void tick(List<Sender> senders, double ratePerSender, int senderCount) {
        Phase current = phase;
        if (!current.sending()) {
            return;
        }
        long now = System.nanoTime();
        for (Sender sender : senders) {
            sender.sendOwed(current, now, ratePerSender, (double) sender.number / senderCount);
        }
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
        if (type != FrameType.PRIVATE_MESSAGE || text.count() < 3) {
            return;
        }
        int loop = connection.loopIndex();
        if (senderCopy) {
            if (text.kind() == 'b') {
                senderCopies[loop]++;
            }
            return;
        }
        if (text.kind() != 'b') {
            return;
        }
        if (text.number(0) != (connection.index() ^ 1)) {
            stats[loop].foreign++;
            return;
        }
        stats[loop].countReceived();
        stats[loop].recordLatency(text.number(2), receivedNanos);
        lastReceiptNanos[loop] = receivedNanos;
        ((SequenceTracker) connection.scenarioState).record(text.number(1));
    }

    @Override
    public void onError(ClientConnection connection, String code) {
        stats[connection.loopIndex()].countError(code);
    }

    @Override
    public void onClosed(ClientConnection connection, int code, boolean byUs) {
        if (!byUs) {
            stats[connection.loopIndex()].countClose(code);
        }
    }
}
