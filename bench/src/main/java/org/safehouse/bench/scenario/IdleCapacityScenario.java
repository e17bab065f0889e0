package org.safehouse.bench.scenario;

import java.util.ArrayList;
import java.util.List;
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
import org.safehouse.bench.measure.ServerJvm;

/**
 * Idle capacity: joined, silent connections (rooms of {@code --idle-room-size}) added {@code --idle-step} at a time
 * until a join fails, {@code --idle-max} is reached, or the open-file limit of either side stops it; then held for
 * {@code --idle-hold} seconds, during which none may be closed. Memory per connection is the slope of the server's
 * RSS over the connection count (least squares over the steps), and likewise of its heap in use after a full GC
 * asked for through jcmd at each step ({@code --idle-gc false} skips that), which RSS alone would blur with the
 * heap's growth.
 */
public final class IdleCapacityScenario implements Scenario, ConnectionListener {
    private LoopStats[] stats;
    private int runs;

    @Override
    public String name() {
        return "idle";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Options options = context.options();
        int step = context.scaled(options.integer("idle-step", 1000), 10);
        int max = context.scaled(options.integer("idle-max", 20_000), step);
        int roomSize = options.integer("idle-room-size", 100);
        double hold = options.decimal("idle-hold", 5);
        int concurrency = options.integer("connect-concurrency", 500);
        ClientPool pool = context.pool();
        stats = LoopStats.create(pool.loopCount());
        int run = runs++;
        String pid = context.serverPid();
        Result result = new Result(context.container(), "idle", "steps of " + step + " up to " + max
                + ", rooms of " + roomSize);
        List<ClientConnection> connections = new ArrayList<>();
        boolean collect = !options.string("idle-gc", "true").equals("false");
        List<long[]> points = new ArrayList<>();
        List<long[]> heapPoints = new ArrayList<>();
        long heapStart = collect ? ServerJvm.collectAndMeasureHeapKib(pid) : -1;
        long rssStart = pid == null ? -1 : ProcessStats.rssKib(pid);
        points.add(new long[] {0, rssStart});
        heapPoints.add(new long[] {0, heapStart});
        String stop = "reached --idle-max";
        while (connections.size() < max) {
            int target = Math.min(max, connections.size() + step);
            long headroom = context.connectionHeadroom();
            if (headroom <= 0) {
                stop = "open-file limit (RLIMIT_NOFILE) of the server or generator";
                break;
            }
            target = (int) Math.min(target, connections.size() + headroom);
            List<ClientConnection> batch = new ArrayList<>();
            for (int i = connections.size(); i < target; i++) {
                ClientConnection connection = new ClientConnection(i, "idle-" + run + "-" + (i / roomSize),
                        "i" + i, this);
                batch.add(connection);
            }
            Connector.Outcome outcome = Connector.open(pool, batch, concurrency, 120_000);
            connections.addAll(outcome.joined());
            if (outcome.failed() > 0) {
                stop = outcome.failed() + " joins failed at " + target + ": " + outcome.failureSummary();
                break;
            }
            Thread.sleep(1000);
            long heap = collect ? ServerJvm.collectAndMeasureHeapKib(pid) : -1;
            long rss = pid == null ? -1 : ProcessStats.rssKib(pid);
            points.add(new long[] {connections.size(), rss});
            heapPoints.add(new long[] {connections.size(), heap});
            context.log("idle: " + connections.size() + " connections, server RSS " + (rss / 1024) + " MiB"
                    + (heap < 0 ? "" : ", heap after GC " + (heap / 1024) + " MiB"));
        }
        context.log("idle: holding " + connections.size() + " connections for " + hold + " s (" + stop + ")");
        Measurement measurement = Measurement.start(pid, context.loopThreadIds());
        Thread.sleep((long) (hold * 1000));
        measurement.stop();
        pool.onEveryLoop(() -> { });
        long open = connections.stream().filter(ClientConnection::isOpen).count();
        long rssEnd = pid == null ? -1 : ProcessStats.rssKib(pid);
        LoopStats total = LoopStats.merge(stats);
        result.put("clients", open)
                .put("closed_clients", connections.size() - open)
                .put("stopped_by", stop)
                .put("server_rss_start_mib", Result.round(rssStart / 1024.0, 1))
                .put("server_rss_end_mib", Result.round(rssEnd / 1024.0, 1));
        if (rssEnd > 0 && open > 0) {
            result.put("rss_per_connection_kib", Result.round(slope(points), 1));
            result.put("rss_delta_per_connection_kib", Result.round((rssEnd - rssStart) / (double) open, 1));
        }
        long heapEnd = heapPoints.get(heapPoints.size() - 1)[1];
        if (heapStart > 0 && heapEnd > 0 && open > 0) {
            result.put("heap_after_gc_mib", Result.round(heapEnd / 1024.0, 1));
            result.put("heap_per_connection_kib", Result.round(slope(heapPoints), 1));
        } else if (collect) {
            result.warn("jcmd could not measure the server's heap (GC.run / GC.heap_info)");
        }
        if (!total.closes.isEmpty()) {
            result.put("close_codes", total.closes.toString());
        }
        measurement.fill(result, 0);
        ClientPool.closeAll(connections, 30_000);
        context.settle();
        return List.of(result);
    }

    /** Least-squares slope of RSS (KiB) over connections. */
    static double slope(List<long[]> points) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (long[] p : points) {
            sx += p[0];
            sy += p[1];
            sxx += (double) p[0] * p[0];
            sxy += (double) p[0] * p[1];
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
        stats[connection.loopIndex()].foreign++;
    }

    @Override
    public void onClosed(ClientConnection connection, int code, boolean byUs) {
        if (!byUs) {
            stats[connection.loopIndex()].countClose(code);
        }
    }
}
