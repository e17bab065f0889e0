package org.safehouse.bench.floor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.safehouse.bench.measure.Measurement;
import org.safehouse.bench.measure.Result;
import org.safehouse.bench.measure.Arrivals;

/**
 * One floor variant: starts the {@link FloorWriter} child, connects the {@link FloorReader}, and measures the
 * writer's measured phase with the same {@link Measurement} as the fan-out runs, the writer's PID in the server's
 * place and the reader thread as the generator's loop. The window opens when the writer says {@code measuring} and
 * closes when every measured frame has arrived (or nothing arrived for 3 s, or 30 s passed), as a fan-out run's
 * closes after its drain. Whatever happens, the reader is closed and the writer stopped by its PID.
 */
final class FloorRun {
    static final String CONTAINER = "kernel";

    private final int clients;
    private final double deliveriesPerSecond;
    private final int threads;
    private final Consumer<String> log;

    FloorRun(int clients, double deliveriesPerSecond, int threads, Consumer<String> log) {
        this.clients = clients;
        this.deliveriesPerSecond = deliveriesPerSecond;
        this.threads = Math.min(threads, clients);
        this.log = log;
    }

    Result run(double warmupSeconds, double seconds) throws Exception {
        double broadcastsPerSecond = deliveriesPerSecond / clients;
        BroadcastFrame frame = new BroadcastFrame(clients);
        String variant = String.format("%d connections, %,.0f deliveries/s offered (%s broadcasts/s), %d-byte frames,"
                + " %d writer threads", clients, deliveriesPerSecond, Result.round(broadcastsPerSecond, 2),
                frame.length(), threads);
        Result result = new Result(CONTAINER, "floor", variant);
        List<String> arguments = List.of("--clients", String.valueOf(clients), "--rate",
                String.valueOf(broadcastsPerSecond), "--threads", String.valueOf(threads), "--warmup",
                String.valueOf(warmupSeconds), "--duration", String.valueOf(seconds));
        try (WriterProcess writer = WriterProcess.start(arguments)) {
            int port = Integer.parseInt(writer.await("port", 30_000));
            log.accept("floor: writer pid " + writer.pid() + " on port " + port + "; connecting " + clients);
            try (FloorReader reader = new FloorReader(port, clients, frame.length(), frame.kindOffset())) {
                writer.await("connected", 60_000);
                reader.start();
                writer.await("measuring", (long) (warmupSeconds * 1000) + 30_000);
                Measurement measurement = Measurement.start(String.valueOf(writer.pid()),
                        List.of(reader.threadId()));
                long measuringNanos = System.nanoTime();
                String said = writer.await("result", (long) (seconds * 1000) + 60_000);
                Map<String, Long> figures = figures(said);
                long writtenNanos = System.nanoTime();
                long expected = figures.getOrDefault("deliveries", 0L);
                Arrivals.awaitSettled(reader::measuredSoFar, expected);
                measurement.stop();
                reader.close();
                fill(result, figures, reader, measurement, broadcastsPerSecond, frame.length(),
                        Math.max(writtenNanos, reader.lastMeasuredNanos()) - measuringNanos);
                int error = said.indexOf("error=");
                if (error >= 0) {
                    result.warn("a writer thread failed: " + said.substring(error + 6).replace('_', ' '));
                }
            }
        }
        return result;
    }


    private void fill(Result result, Map<String, Long> figures, FloorReader reader, Measurement measurement,
            double broadcastsPerSecond, int frameBytes, long deliveryNanos) {
        long broadcasts = figures.getOrDefault("broadcasts", 0L);
        long expected = figures.getOrDefault("deliveries", 0L);
        long received = reader.measured();
        result.put("clients", clients)
                .put("writer_threads", threads)
                .put("frame_bytes", frameBytes)
                .put("offered_deliveries_per_s", Math.round(deliveriesPerSecond))
                .put("broadcasts_per_s", Result.round(broadcastsPerSecond, 2))
                .put("sent", broadcasts)
                .put("expected", expected)
                .put("received", received)
                .put("lost", Math.max(0, expected - received))
                .put("closed_clients", reader.closedByWriter())
                .put("deliveries_per_s", Math.round(received / Math.max(1e-3, deliveryNanos / 1e9)))
                .put("fanout_wall_p50_ms", millis(figures.get("wall_p50_us")))
                .put("fanout_wall_p90_ms", millis(figures.get("wall_p90_us")))
                .put("fanout_wall_p99_ms", millis(figures.get("wall_p99_us")))
                .put("fanout_wall_max_ms", millis(figures.get("wall_max_us")))
                .put("writev_calls", figures.get("write_calls"));
        measurement.fill(result, received);
        Long threadsCpu = figures.get("threads_cpu_ns");
        if (threadsCpu != null && expected > 0) {
            result.put("writer_threads_cpu_us_per_delivery", Result.round(threadsCpu / 1e3 / expected, 3));
        }
        long lagMicros = figures.getOrDefault("max_lag_us", 0L);
        result.put("max_send_lag_ms", Result.round(lagMicros / 1000.0, 1));
        if (lagMicros > 50_000) {
            result.warn(String.format("send schedule lagged up to %.0f ms: the offered rate was not kept",
                    lagMicros / 1000.0));
        }
        Long calls = figures.get("write_calls");
        if (calls != null && calls > expected) {
            result.warn((calls - expected) + " partial writes (a full socket buffer): more than one writev per"
                    + " delivery");
        }
        if (reader.misaligned() > 0) {
            result.warn(reader.misaligned() + " frames did not end where their length said: the byte counts are off");
        }
        if (reader.failure() != null) {
            result.warn("the reader stopped: " + reader.failure());
        }
    }

    /** Parses the writer's numeric {@code key=value} figures (others, such as {@code error}, are left out). */
    private static Map<String, Long> figures(String line) {
        Map<String, Long> figures = new HashMap<>();
        for (String pair : line.split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    figures.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException e) {
                    continue;
                }
            }
        }
        return figures;
    }

    private static Double millis(Long micros) {
        return micros == null ? null : Result.millis(micros);
    }
}
