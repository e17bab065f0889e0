package org.safehouse.bench.scenario;

import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.FrameType;
import org.safehouse.bench.client.MessageText;
import org.safehouse.bench.measure.LoopStats;
import org.safehouse.bench.measure.Measurement;
import org.safehouse.bench.measure.Result;
import org.safehouse.bench.measure.SequenceTracker;
import org.safehouse.bench.measure.Arrivals;

/**
 * One fan-out run: {@code clients} members of one room, the first {@code senders} of them broadcasting, either at a
 * fixed offered rate of deliveries per second (paced every millisecond on the senders' own event loops) or as fast
 * as it goes (each sender keeps {@code window} messages in flight, sending the next when its own copy comes back).
 * A warm-up phase precedes the measured one; then the run drains until every expected delivery arrived or nothing
 * arrived for 3 s.
 */
final class FanOutRun implements ConnectionListener {

    private final BenchContext context;
    private final int clients;
    private final int senderCount;
    private final double offeredDeliveriesPerSecond;
    private final int window;
    private final LoopStats[] stats;
    private final long[] lastReceiptNanos;
    private final List<List<Sender>> sendersByLoop = new ArrayList<>();
    private Sender[] senderByConnection;
    private double ratePerSender;
    /** All senders send at the same instants (bursts of one message per sender) instead of evenly staggered. */
    private final boolean alignedPacing;
    /** Clients of /ragnarok (the default room, Ragnarok's frames) instead of /chat. */
    private final boolean ragnarok;
    private volatile Phase phase = Phase.STOPPED;
    private int stalls;

    FanOutRun(BenchContext context, int clients, int senders, double offeredDeliveriesPerSecond, int window,
            boolean alignedPacing, boolean ragnarok) {
        this.context = context;
        this.ragnarok = ragnarok;
        this.clients = clients;
        this.senderCount = Math.min(senders, clients);
        this.alignedPacing = alignedPacing;
        this.offeredDeliveriesPerSecond = offeredDeliveriesPerSecond;
        this.window = window;
        int loops = context.pool().loopCount();
        this.stats = LoopStats.create(loops);
        this.lastReceiptNanos = new long[loops];
        for (int i = 0; i < loops; i++) {
            sendersByLoop.add(new ArrayList<>());
        }
    }

    private boolean maxRate() {
        return offeredDeliveriesPerSecond <= 0;
    }

    Result run(String room, double warmupSeconds, double seconds, int concurrency) throws InterruptedException {
        String variant = clients + " clients, " + senderCount + " senders, "
                + (maxRate() ? "max rate" : String.format("%,.0f deliveries/s offered", offeredDeliveriesPerSecond));
        Result result = new Result(context.container(), "fan-out", variant)
                .put("endpoint", ragnarok ? "/ragnarok" : "/chat");
        ClientPool pool = context.pool();
        List<ClientConnection> connections = new ArrayList<>();
        // Over /ragnarok every run shares the default room: nicknames unique to the run, so that a client of an
        // earlier run the server has not yet let go cannot make a name taken.
        String nickSuffix = ragnarok ? "r" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) : "";
        for (int i = 0; i < clients; i++) {
            ClientConnection connection = new ClientConnection(i, room, "f" + i + nickSuffix, this, null, ragnarok);
            connection.scenarioState = new SequenceTracker[senderCount];
            connections.add(connection);
        }
        context.log("fan-out: joining " + clients + " clients to " + room);
        Connector.Outcome outcome = Connector.open(pool, connections, concurrency, 60_000);
        List<ClientConnection> joined = outcome.joined();
        if (outcome.failed() > 0) {
            result.warn(outcome.failed() + " clients failed to join: " + outcome.failureSummary());
        }
        if (joined.size() < senderCount) {
            ClientPool.closeAll(joined, 10_000);
            return result.put("clients", joined.size()).warn("too few clients joined to run");
        }
        senderByConnection = new Sender[clients];
        for (int s = 0; s < senderCount; s++) {
            ClientConnection connection = joined.get(s);
            Sender sender = new Sender(s, connection);
            senderByConnection[connection.index()] = sender;
            sendersByLoop.get(connection.loopIndex()).add(sender);
        }
        ratePerSender = maxRate() ? 0 : offeredDeliveriesPerSecond / joined.size() / senderCount;
        List<ScheduledFuture<?>> pacers = new ArrayList<>();
        for (int loop = 0; loop < pool.loopCount(); loop++) {
            List<Sender> mine = sendersByLoop.get(loop);
            if (!mine.isEmpty()) {
                pacers.add(pool.loop(loop).scheduleAtFixedRate(() -> tick(mine), 1, 1, TimeUnit.MILLISECONDS));
            }
        }
        phase = new Phase(0, 'w', System.nanoTime());
        Thread.sleep((long) (warmupSeconds * 1000));
        Measurement measurement = Measurement.start(context.serverPid(), context.redisPid(),
                context.loopThreadIds());
        Phase measured = new Phase(1, 'b', System.nanoTime());
        phase = measured;
        Thread.sleep((long) (seconds * 1000));
        phase = Phase.STOPPED;
        long sendEnd = System.nanoTime();
        pool.onEveryLoop(() -> { });
        long sent = 0;
        for (List<Sender> list : sendersByLoop) {
            for (Sender sender : list) {
                sent += sender.phaseId == measured.id() ? sender.sentInPhase : 0;
            }
        }
        long openReceivers = joined.stream().filter(ClientConnection::isOpen).count();
        Arrivals.awaitSettled(() -> LoopStats.receivedSoFar(stats), sent * openReceivers);
        measurement.stop();
        pacers.forEach(p -> p.cancel(false));
        pool.onEveryLoop(() -> { });
        fill(result, joined, measured, measurement, sendEnd);
        long closing = System.nanoTime();
        ClientPool.closeAll(joined, 10_000);
        context.log(String.format("%d clients closed their connections in %.1f s (the generator waits at most 10 s)",
                joined.size(), (System.nanoTime() - closing) / 1e9));
        long held = context.settle();
        if (held > 0) {
            result.warn("15 s after its clients closed, the server still held " + held + " of their connections");
        }
        return result;
    }


    /** Runs every millisecond on a loop: sends what the schedule owes (fixed rate) or restarts a stalled window. */
    private void tick(List<Sender> senders) {
        Phase current = phase;
        if (!current.sending()) {
            return;
        }
        long now = System.nanoTime();
        for (Sender sender : senders) {
            if (maxRate()) {
                boolean fresh = sender.phaseId < 0;
                boolean stalled = !fresh && now - sender.lastEchoNanos > TimeUnit.SECONDS.toNanos(1);
                if (fresh || stalled) {
                    if (stalled) {
                        stalls++;
                    }
                    sender.lastEchoNanos = now;
                    sender.inFlight = 0;
                    for (int i = 0; i < window; i++) {
                        sender.send(current, false);
                    }
                    sender.connection.flush();
                }
                continue;
            }
            // Evenly paced: sender s of n is s/n of a period behind sender 0, so the room gets one message every
            // 1/(n * rate) s. Aligned: every sender is due at the same instants, a burst of n messages per period.
            double lag = alignedPacing ? 0 : (double) sender.number / senderCount;
            sender.sendOwed(current, now, ratePerSender, lag);
        }
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
        if (text.count() < 3) {
            return;
        }
        byte kind = text.kind();
        int senderNumber = (int) text.number(0);
        if (kind == 'b') {
            LoopStats loopStats = stats[connection.loopIndex()];
            loopStats.countReceived();
            loopStats.recordLatency(text.number(2), receivedNanos);
            lastReceiptNanos[connection.loopIndex()] = receivedNanos;
            SequenceTracker[] trackers = (SequenceTracker[]) connection.scenarioState;
            if (senderNumber < trackers.length) {
                SequenceTracker tracker = trackers[senderNumber];
                if (tracker == null) {
                    tracker = new SequenceTracker();
                    trackers[senderNumber] = tracker;
                }
                tracker.record(text.number(1));
            }
        } else if (kind != 'w') {
            stats[connection.loopIndex()].foreign++;
            return;
        }
        Sender sender = senderByConnection[connection.index()];
        if (sender != null && sender.number == senderNumber) {
            sender.inFlight--;
            sender.lastEchoNanos = receivedNanos;
            Phase current = phase;
            if (maxRate() && current.sending()) {
                sender.send(current, true);
            }
        }
    }

    @Override
    public void onError(ClientConnection connection, String code) {
        stats[connection.loopIndex()].countError(code);
        Sender sender = senderByConnection == null ? null : senderByConnection[connection.index()];
        if (sender != null && code.equals("rate_limited") && sender.phaseId == phase.id()) {
            sender.rejectedInPhase++;
        }
    }

    @Override
    public void onClosed(ClientConnection connection, int code, boolean byUs) {
        if (!byUs) {
            stats[connection.loopIndex()].countClose(code);
        }
    }

    private void fill(Result result, List<ClientConnection> joined, Phase measured, Measurement measurement,
            long sendEnd) {
        long[] sent = new long[senderCount];
        long[] rejected = new long[senderCount];
        long maxBehind = 0;
        for (List<Sender> list : sendersByLoop) {
            for (Sender sender : list) {
                if (sender.phaseId == measured.id()) {
                    sent[sender.number] = sender.sentInPhase;
                    rejected[sender.number] = sender.rejectedInPhase;
                }
                maxBehind = Math.max(maxBehind, sender.maxBehindMessages);
            }
        }
        long expected = 0;
        long unique = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long lostToClosed = 0;
        int closed = 0;
        for (ClientConnection connection : joined) {
            SequenceTracker[] trackers = (SequenceTracker[]) connection.scenarioState;
            long mine = 0;
            long owed = 0;
            for (int s = 0; s < senderCount; s++) {
                owed += sent[s] - rejected[s];
                if (trackers[s] != null) {
                    mine += trackers[s].unique();
                    duplicates += trackers[s].duplicates();
                    outOfOrder += trackers[s].outOfOrder();
                }
            }
            if (connection.closeCode() != 0) {
                closed++;
                lostToClosed += Math.max(0, owed - mine);
            } else {
                expected += owed;
                unique += mine;
            }
        }
        LoopStats total = LoopStats.merge(stats);
        long sentTotal = 0;
        long rejectedTotal = 0;
        for (int s = 0; s < senderCount; s++) {
            sentTotal += sent[s];
            rejectedTotal += rejected[s];
        }
        long lastReceipt = 0;
        for (long nanos : lastReceiptNanos) {
            lastReceipt = Math.max(lastReceipt, nanos);
        }
        double deliverySeconds = Math.max(1e-3, (Math.max(lastReceipt, sendEnd) - measured.startNanos()) / 1e9);
        result.put("clients", joined.size())
                .put("senders", senderCount)
                .put("offered_deliveries_per_s", maxRate() ? "max" : Math.round(offeredDeliveriesPerSecond))
                .put("sent", sentTotal)
                .put("rejected", rejectedTotal)
                .put("expected", expected)
                .put("received", total.received)
                .put("lost", Math.max(0, expected - unique))
                .put("duplicated", duplicates)
                .put("out_of_order", outOfOrder)
                .put("closed_clients", closed)
                .put("lost_to_closed", lostToClosed)
                .put("deliveries_per_s", Math.round(total.received / deliverySeconds))
                .latency("", total.latencyMicros);
        if (!total.closes.isEmpty()) {
            result.put("close_codes", total.closes.toString());
        }
        if (!total.errors.isEmpty()) {
            result.put("errors", total.errors.toString());
        }
        measurement.fill(result, total.received);
        if (!maxRate()) {
            double behindMillis = maxBehind / Math.max(ratePerSender, 1e-9) * 1000;
            result.put("max_send_lag_ms", Result.round(behindMillis, 1));
            if (behindMillis > 50) {
                result.warn(String.format("send schedule lagged up to %.0f ms: the offered rate was not kept",
                        behindMillis));
            }
            double offered = sentTotal * (double) joined.size() / ((sendEnd - measured.startNanos()) / 1e9);
            result.put("achieved_offered_per_s", Math.round(offered));
        } else if (stalls > 0) {
            result.warn(stalls + " sender windows stalled for 1 s and were restarted");
        }
        if (rejectedTotal > 0) {
            result.warn(rejectedTotal + " messages rate_limited: raise limits.messages_per_second in the bench config");
        }
    }
}
