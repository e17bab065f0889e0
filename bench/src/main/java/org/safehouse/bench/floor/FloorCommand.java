package org.safehouse.bench.floor;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.safehouse.bench.Options;
import org.safehouse.bench.measure.Result;
import org.safehouse.bench.report.ReportTable;
import org.safehouse.bench.report.ResultFile;

/**
 * {@code floor}: what the kernel alone costs per delivery on this machine, for comparison with the server's
 * "CPU time per delivery". No Safehouse server is involved: a {@link FloorWriter} child process writes each
 * broadcast's frame to every loopback connection (one {@code writev} per delivery) at a fixed, evenly paced rate, and
 * the generator reads them all on one thread. Variants: {@code --floor-sizes} connections (default 100, 1000) at
 * {@code --floor-rates} deliveries/s (by default the fan-out targets: 20,000 up to 100 connections, else 50,000),
 * with {@code --floor-threads} writer threads (default: the cores). Rows are written after each variant.
 */
public final class FloorCommand {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private FloorCommand() {
    }

    public static int run(Options options) throws IOException {
        int[] sizes = options.integers("floor-sizes", "100,1000");
        int[] rates = options.integers("floor-rates", "");
        int threads = options.integer("floor-threads", Runtime.getRuntime().availableProcessors());
        double warmup = options.decimal("warmup", 2);
        double seconds = options.decimal("duration", 10);
        String out = options.string("out", null);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int size = sizes[i];
            int rate = rates.length > 0 ? rates[Math.min(i, rates.length - 1)]
                    : size <= 10 ? 10_000 : size <= 100 ? 20_000 : 50_000;
            FloorRun run = new FloorRun(size, rate, threads, FloorCommand::log);
            try {
                Result result = run.run(warmup, seconds);
                log("floor " + result.get("variant") + ": " + result.get("server_cpu_us_per_delivery")
                        + " us of writer CPU per delivery, fan-out wall p99 " + result.get("fanout_wall_p99_ms")
                        + " ms");
                results.add(result);
            } catch (Exception e) {
                log("floor with " + size + " connections failed: " + e);
                results.add(new Result(FloorRun.CONTAINER, "floor", size + " connections").warn("failed: " + e));
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (out != null) {
                ResultFile.write(Path.of(out), ResultFile.rows(results));
            }
        }
        ReportTable.print(ResultFile.rows(results), System.out);
        return 0;
    }

    /** Progress on stderr, as the scenarios log it (never per message). */
    static void log(String message) {
        System.err.println("[" + LocalTime.now().format(CLOCK) + " " + FloorRun.CONTAINER + "] " + message);
    }
}
