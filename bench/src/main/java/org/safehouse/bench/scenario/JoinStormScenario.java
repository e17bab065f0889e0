package org.safehouse.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.Options;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.FrameType;
import org.safehouse.bench.client.MessageText;
import org.safehouse.bench.measure.LoopStats;
import org.safehouse.bench.measure.Measurement;
import org.safehouse.bench.measure.ProcessStats;
import org.safehouse.bench.measure.Result;

/**
 * Join storm: {@code --storm-clients} (20,000) clients connect and join one room as fast as they can (at most
 * {@code --storm-concurrency} connects in flight). Each keeps its member list from Joined.users and Presence; the
 * storm is over when every client's list has the size of the room, and then each list is checked against the exact
 * set of clients that joined. Reports the time until the last list was complete, the join latency (connect to
 * Joined) percentiles, and the server's peak RSS during the storm.
 */
public final class JoinStormScenario implements Scenario, ConnectionListener {
    private LoopStats[] stats;
    private int runs;

    @Override
    public String name() {
        return "joinstorm";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Options options = context.options();
        int wanted = context.scaled(options.integer("storm-clients", 20_000), 2);
        int concurrency = options.integer("storm-concurrency", 1000);
        long timeoutMillis = options.integer("storm-timeout", 120) * 1000L;
        int clients = (int) Math.min(wanted, context.connectionHeadroom());
        Result result = new Result(context.container(), "joinstorm", wanted + " clients join one room");
        if (clients < wanted) {
            result.warn("clamped from " + wanted + " to " + clients
                    + " clients: open-file limit (RLIMIT_NOFILE) of the server or generator");
        }
        ClientPool pool = context.pool();
        stats = LoopStats.create(pool.loopCount());
        String room = "storm-" + (runs++);
        List<ClientConnection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            ClientConnection connection = new ClientConnection(i, room, "j" + i, this);
            connection.scenarioState = new MemberList('j', clients);
            connections.add(connection);
        }
        context.log("join storm: " + clients + " clients");
        String pid = context.serverPid();
        long rssBefore = pid == null ? -1 : ProcessStats.rssKib(pid);
        long[] peakRss = {rssBefore};
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peakRss[0] = Math.max(peakRss[0], pid == null ? -1 : ProcessStats.rssKib(pid));
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Measurement measurement = Measurement.start(pid, context.loopThreadIds());
        long start = System.nanoTime();
        Connector.Outcome outcome = Connector.open(pool, connections, concurrency, timeoutMillis);
        List<ClientConnection> joined = outcome.joined();
        long joinsDone = System.nanoTime();
        context.log("join storm: " + joined.size() + " joined in " + Result.round((joinsDone - start) / 1e9, 1)
                + " s; waiting for complete member lists");
        int expectedSize = joined.size();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int complete = 0;
        while (System.nanoTime() < deadline) {
            complete = 0;
            for (ClientConnection connection : joined) {
                if (((MemberList) connection.scenarioState).published() == expectedSize) {
                    complete++;
                }
            }
            if (complete == expectedSize) {
                break;
            }
            Thread.sleep(100);
        }
        pool.onEveryLoop(() -> { });
        measurement.stop();
        sampler.interrupt();
        sampler.join(1000);
        long[] expected = new long[(clients + 63) >>> 6];
        for (ClientConnection connection : joined) {
            expected[connection.index() >>> 6] |= 1L << (connection.index() & 63);
        }
        int correct = 0;
        int closed = 0;
        long lastComplete = 0;
        long names = 0;
        String example = null;
        Histogram joinMicros = new Histogram(600_000_000L, 3);
        for (ClientConnection connection : joined) {
            MemberList list = (MemberList) connection.scenarioState;
            names += list.namesApplied;
            joinMicros.recordValue(Math.max(0, (connection.joinedNanos() - connection.connectStartNanos()) / 1000));
            if (connection.closeCode() != 0) {
                closed++;
            } else if (list.matches(expected)) {
                correct++;
                lastComplete = Math.max(lastComplete, list.lastChangeNanos);
            } else if (example == null) {
                example = "j" + connection.index() + " has " + list.published() + " names"
                        + (list.others().isEmpty() ? "" : ", unknown: " + list.others().stream().limit(3).toList());
            }
        }
        LoopStats total = LoopStats.merge(stats);
        double stormSeconds = correct == expectedSize && expectedSize > 0 ? (lastComplete - start) / 1e9 : -1;
        result.put("clients", joined.size())
                .put("join_failures", outcome.failed())
                .put("joins_done_s", Result.round((joinsDone - start) / 1e9, 2))
                .put("lists_correct", correct)
                .put("lists_wrong", expectedSize - correct - closed)
                .put("closed_clients", closed)
                .put("storm_s", stormSeconds < 0 ? "incomplete" : Result.round(stormSeconds, 2))
                .put("presence_names_applied", names)
                .latency("join_", joinMicros)
                .put("server_peak_rss_mib", Result.round(peakRss[0] / 1024.0, 1));
        if (outcome.failed() > 0) {
            result.warn(outcome.failed() + " clients failed to join: " + outcome.failureSummary());
        }
        if (example != null) {
            result.warn("wrong member lists, e.g. " + example + " (expected " + expectedSize + ")");
        }
        if (!total.closes.isEmpty()) {
            result.put("close_codes", total.closes.toString());
        }
        if (!total.errors.isEmpty()) {
            result.put("errors", total.errors.toString());
        }
        measurement.fill(result, 0);
        context.log("join storm: lists correct " + correct + "/" + expectedSize + ", storm " + result.get("storm_s")
                + " s; closing");
        ClientPool.closeAll(joined, 30_000);
        context.settle();
        return List.of(result);
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
        stats[connection.loopIndex()].foreign++;
    }

    @Override
    public void onJoined(ClientConnection connection, byte[] frame, int length) {
        ((MemberList) connection.scenarioState).applyJoined(frame, length, System.nanoTime());
    }

    @Override
    public void onPresence(ClientConnection connection, byte[] frame, int length) {
        ((MemberList) connection.scenarioState).applyPresence(frame, length, System.nanoTime());
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
