package org.safehouse.bench.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ratio table of {@code bench/run.sh --peer}: every server against the reference server (container
 * {@code ws}) on the same load, within the same alternating round. For each load (scenario and variant) and server:
 * its CPU per delivery and the reference's (means over the rounds), the ratio of those means and each round's own
 * ratio, p99 of both, lost and duplicated, the machine's load (other processes, idle CPU) in those rows and how many
 * of them fell behind their send schedule by more than 50 ms (the offered rate not kept). Then
 * the floor (container {@code kernel}, one writev per delivery, no server) against each server, for loads with a
 * floor row of the same size and offered rate. Rows of round 0 (the untimed warm-up pass) are left out. Markdown,
 * so the table goes into docs/PERFORMANCE.md as printed.
 */
public final class PeerTable {
    static final String FLOOR = "kernel";

    private PeerTable() {
    }

    /** One load, one server: its rows and the reference's, by round. */
    record Pairing(String load, String server, List<Map<String, Object>> mine, List<Map<String, Object>> reference) {
        double ratioOfMeans() {
            return mean(mine, "server_cpu_us_per_delivery") / mean(reference, "server_cpu_us_per_delivery");
        }

        List<Double> roundRatios() {
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < mine.size(); i++) {
                ratios.add(number(mine.get(i), "server_cpu_us_per_delivery")
                        / number(reference.get(i), "server_cpu_us_per_delivery"));
            }
            return ratios;
        }
    }

    /** Pairs each server's rows with the reference's of the same load and round (rounds lacking either are left out). */
    static List<Pairing> pair(List<Map<String, Object>> rows, String reference) {
        Map<String, Map<String, Map<Integer, Map<String, Object>>>> byLoad = new LinkedHashMap<>();
        Set<String> servers = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            Object round = row.get("round");
            String container = String.valueOf(row.get("container"));
            if (!(round instanceof Number n) || n.intValue() <= 0 || container.equals(FLOOR)
                    || !(row.get("server_cpu_us_per_delivery") instanceof Number)) {
                continue;
            }
            byLoad.computeIfAbsent(load(row), k -> new LinkedHashMap<>())
                    .computeIfAbsent(container, k -> new LinkedHashMap<>()).put(n.intValue(), row);
            if (!container.equals(reference)) {
                servers.add(container);
            }
        }
        List<Pairing> pairings = new ArrayList<>();
        byLoad.forEach((load, byServer) -> {
            Map<Integer, Map<String, Object>> references = byServer.getOrDefault(reference, Map.of());
            for (String server : servers) {
                Map<Integer, Map<String, Object>> mineByRound = byServer.getOrDefault(server, Map.of());
                List<Map<String, Object>> mine = new ArrayList<>();
                List<Map<String, Object>> theirs = new ArrayList<>();
                mineByRound.keySet().stream().sorted().filter(references::containsKey).forEach(round -> {
                    mine.add(mineByRound.get(round));
                    theirs.add(references.get(round));
                });
                if (!mine.isEmpty()) {
                    pairings.add(new Pairing(load, server, mine, theirs));
                }
            }
        });
        return pairings;
    }

    public static void print(List<Map<String, Object>> rows, String reference, PrintStream out) {
        List<Pairing> pairings = pair(rows, reference);
        if (pairings.isEmpty()) {
            out.println("no rows of round 1 or later pair a server with " + reference);
            return;
        }
        out.println("| load | server | server µs/dl | " + reference + " µs/dl | ratio | each round | p99 ms: server / "
                + reference + " | lost/dup: server; " + reference + " | other CPU % | idle % | rows off schedule |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Pairing p : pairings) {
            List<Map<String, Object>> both = new ArrayList<>(p.mine());
            both.addAll(p.reference());
            out.println("| " + p.load() + " | " + p.server()
                    + " | " + fixed(mean(p.mine(), "server_cpu_us_per_delivery"), 2)
                    + " | " + fixed(mean(p.reference(), "server_cpu_us_per_delivery"), 2)
                    + " | **" + fixed(p.ratioOfMeans(), 2) + "×**"
                    + " | " + String.join(", ", p.roundRatios().stream().map(r -> fixed(r, 2)).toList())
                    + " | " + fixed(mean(p.mine(), "p99_ms"), 1) + " / " + fixed(mean(p.reference(), "p99_ms"), 1)
                    + " | " + sum(p.mine(), "lost") + "/" + sum(p.mine(), "duplicated") + "; "
                    + sum(p.reference(), "lost") + "/" + sum(p.reference(), "duplicated")
                    + " | " + fixed(mean(both, "other_cpu_pct"), 0)
                    + " | " + fixed(mean(both, "machine_idle_pct"), 0)
                    + " | " + offSchedule(both) + " of " + both.size() + " |");
        }
        printFloor(rows, pairings, reference, out);
    }

    /** The floor rows of the same clients and offered rate as a fan-out load, against each server there. */
    private static void printFloor(List<Map<String, Object>> rows, List<Pairing> pairings, String reference,
            PrintStream out) {
        List<String> lines = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (Pairing p : pairings) {
            Map<String, Object> sample = p.mine().get(0);
            Map<String, Object> floor = rows.stream()
                    .filter(r -> FLOOR.equals(r.get("container")) && "floor".equals(r.get("scenario")))
                    .filter(r -> r.get("server_cpu_us_per_delivery") instanceof Number)
                    .filter(r -> same(r, sample, "clients") && same(r, sample, "offered_deliveries_per_s"))
                    .findFirst().orElse(null);
            if (floor == null || !"fan-out".equals(sample.get("scenario"))) {
                continue;
            }
            double floorCpu = number(floor, "server_cpu_us_per_delivery");
            if (done.add(p.load())) {
                lines.add("| " + p.load() + " | " + reference + " | " + fixed(floorCpu, 2) + " | "
                        + fixed(mean(p.reference(), "server_cpu_us_per_delivery") / floorCpu, 2) + "× |");
            }
            lines.add("| " + p.load() + " | " + p.server() + " | " + fixed(floorCpu, 2) + " | "
                    + fixed(mean(p.mine(), "server_cpu_us_per_delivery") / floorCpu, 2) + "× |");
        }
        if (lines.isEmpty()) {
            return;
        }
        out.println();
        out.println("| load | server | floor µs/dl (one writev per delivery) | server / floor |");
        out.println("|---|---|---|---|");
        lines.forEach(out::println);
    }

    /**
     * Rows whose send schedule fell behind by more than 50 ms (the generator's own warning): the offered rate was not
     * kept there, so that round compares unequal loads.
     */
    static long offSchedule(List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> r.get("max_send_lag_ms") instanceof Number n && n.doubleValue() > 50).count();
    }

    static String load(Map<String, Object> row) {
        return row.get("scenario") + ": " + row.get("variant");
    }

    private static boolean same(Map<String, Object> a, Map<String, Object> b, String key) {
        Object x = a.get(key);
        Object y = b.get(key);
        if (x instanceof Number m && y instanceof Number n) {
            return m.doubleValue() == n.doubleValue();
        }
        return Objects.equals(x, y);
    }

    static double mean(List<Map<String, Object>> rows, String key) {
        double total = 0;
        int count = 0;
        for (Map<String, Object> row : rows) {
            if (row.get(key) instanceof Number n) {
                total += n.doubleValue();
                count++;
            }
        }
        return count == 0 ? Double.NaN : total / count;
    }

    private static long sum(List<Map<String, Object>> rows, String key) {
        long total = 0;
        for (Map<String, Object> row : rows) {
            if (row.get(key) instanceof Number n) {
                total += n.longValue();
            }
        }
        return total;
    }

    private static double number(Map<String, Object> row, String key) {
        return row.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
