package org.safehouse.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.Options;
import org.safehouse.bench.measure.Result;

/**
 * Fan-out: one room of each size in {@code --fanout-sizes} (default 10, 100, 1000), {@code --fanout-senders} senders
 * (by default 4 for up to 10 clients, else 10), each size once at its offered rate of deliveries per second
 * ({@code --fanout-rates}; by default 10,000 up to 10 clients, 20,000 up to 100, else 50,000: the targets) and once as fast as it goes (a window of messages in flight
 * per sender, sized for about {@code --max-in-flight} deliveries in flight in all). {@code --protocol ragnarok} makes
 * the clients Ragnarok clients of {@code /ragnarok} (the default room) instead of {@code /chat} clients.
 */
public final class FanOutScenario implements Scenario {
    private int runs;

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Options options = context.options();
        int[] sizes = options.integers("fanout-sizes", "10,100,1000");
        int[] senders = options.integers("fanout-senders", "");
        int[] rates = options.integers("fanout-rates", "");
        List<String> modes = options.list("fanout-modes", "fixed,max");
        boolean aligned = switch (options.string("fanout-pacing", "even")) {
            case "even" -> false;
            case "aligned" -> true;
            default -> throw new IllegalArgumentException("--fanout-pacing is even or aligned");
        };
        boolean ragnarok = Endpoint.ragnarok(options);
        double warmup = options.decimal("warmup", 2);
        double seconds = options.decimal("duration", 10);
        int inFlight = options.integer("max-in-flight", 4000);
        int concurrency = options.integer("connect-concurrency", 500);
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            int size = sizes[i];
            int senderCount = senders.length > 0 ? senders[Math.min(i, senders.length - 1)] : size <= 10 ? 4 : 10;
            int fixedRate = rates.length > 0 ? rates[Math.min(i, rates.length - 1)]
                    : size <= 10 ? 10_000 : size <= 100 ? 20_000 : 50_000;
            for (String mode : modes) {
                double rate = mode.equals("max") ? 0 : fixedRate;
                String room = "fanout-" + size + "-" + mode + "-" + (runs++);
                // As fast as it goes: enough messages in flight to keep the server busy, few enough that the
                // latency is not mostly the generator's own queue: about --max-in-flight deliveries in all.
                int window = Math.max(2, Math.min(64, inFlight / (size * Math.min(senderCount, size))));
                FanOutRun run = new FanOutRun(context, size, senderCount, rate, window, aligned, ragnarok);
                Result result = run.run(room, warmup, seconds, concurrency);
                context.log("fan-out " + result.get("variant") + ": " + result.get("deliveries_per_s")
                        + " deliveries/s, p99 " + result.get("p99_ms") + " ms");
                results.add(result);
            }
        }
        return results;
    }
}
