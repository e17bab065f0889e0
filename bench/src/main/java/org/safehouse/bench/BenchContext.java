package org.safehouse.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.measure.ProcessStats;

/**
 * What every scenario gets: the options, the client pool, the server's PID (for /proc readings; may be null), the
 * container label, and the generator's loop thread ids (for its own CPU report).
 */
public final class BenchContext {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Options options;
    private final ClientPool pool;
    private final String serverPid;
    private final String container;
    private final double scale;
    private final List<Long> loopThreadIds;
    private final long serverFilesAtStart;

    public BenchContext(Options options, ClientPool pool, String serverPid, String container, double scale,
            List<Long> loopThreadIds) {
        this.options = options;
        this.pool = pool;
        this.serverPid = serverPid;
        this.container = container;
        this.scale = scale;
        this.loopThreadIds = loopThreadIds;
        this.serverFilesAtStart = serverPid == null ? -1 : ProcessStats.openFiles(serverPid);
    }

    /**
     * Waits (at most 15 s) until the server holds no more files than when the generator started, give or take 50,
     * so that one run's closing connections do not load the next. Returns how many it still held above that.
     */
    public long settle() throws InterruptedException {
        if (serverPid == null || serverFilesAtStart < 0) {
            return 0;
        }
        long start = System.nanoTime();
        long deadline = start + 15_000_000_000L;
        long excess;
        do {
            long open = ProcessStats.openFiles(serverPid);
            excess = open < 0 ? 0 : Math.max(0, open - serverFilesAtStart - 50);
            if (excess == 0) {
                log(String.format("the server released its clients' connections %.1f s after they closed",
                        (System.nanoTime() - start) / 1e9));
                return 0;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        log("the server still holds " + excess + " more files than at the start, 15 s after its clients closed");
        return excess;
    }

    public Options options() {
        return options;
    }

    public ClientPool pool() {
        return pool;
    }

    public String serverPid() {
        return serverPid;
    }

    /** Redis's PID in a cluster run ({@code --redis-pid}), measured apart from the nodes; null otherwise. */
    public String redisPid() {
        return options.string("redis-pid", null);
    }

    public String container() {
        return container;
    }

    public List<Long> loopThreadIds() {
        return loopThreadIds;
    }

    /** {@code count} times the --scale factor, at least {@code minimum}. */
    public int scaled(int count, int minimum) {
        return Math.max(minimum, (int) Math.round(count * scale));
    }

    /** Progress for the person running the bench, on stderr (never per message). */
    public void log(String message) {
        System.err.println("[" + LocalTime.now().format(CLOCK) + " " + container + "] " + message);
    }

    /**
     * How many more connections the server and the generator can both open, judged by their RLIMIT_NOFILE and the
     * files they hold now, minus a margin for jars, logs and sockets that come and go.
     */
    public long connectionHeadroom() {
        long self = ProcessStats.openFileLimit("self") - ProcessStats.openFiles("self");
        long server = Long.MAX_VALUE;
        if (serverPid != null) {
            long limit = ProcessStats.openFileLimit(serverPid);
            long open = ProcessStats.openFiles(serverPid);
            if (limit > 0 && open >= 0) {
                server = limit - open;
            }
        }
        return Math.max(0, Math.min(self, server) - 150);
    }
}
