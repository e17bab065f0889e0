package org.safehouse.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safehouse.bench.floor.FloorCommand;
import org.safehouse.bench.floor.FloorWriter;
import org.safehouse.bench.report.PeerTable;
import org.safehouse.bench.report.ReportTable;
import org.safehouse.bench.report.ResultFile;

/**
 * The load generator of Safehouse. Sub-commands:
 * <ul>
 *   <li>{@code run}: run scenarios against a server already started (see {@link ScenarioRunner});</li>
 *   <li>{@code floor}: the kernel's cost per delivery, no server involved (see {@link FloorCommand}); it runs the
 *   hidden {@code floor-writer} command ({@link FloorWriter}) as its child process;</li>
 *   <li>{@code probe}: wait for the first accepted /chat connection of a server being started, for start-up time;</li>
 *   <li>{@code report}: merge result files, print the table, write the combined JSON;</li>
 *   <li>{@code free-port}: print a free port on 127.0.0.1 (for the script).</li>
 * </ul>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return;
        }
        Options options = new Options(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "run" -> System.exit(new ScenarioRunner(options).run());
            case "floor" -> System.exit(FloorCommand.run(options));
            case "floor-writer" -> System.exit(FloorWriter.run(options));
            case "probe" -> System.exit(StartupProbe.run(options));
            case "report" -> report(options);
            case "peer-table" -> PeerTable.print(readRows(options.positional()), options.string("reference", "ws"),
                    System.out);
            case "free-port" -> {
                try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    System.out.println(socket.getLocalPort());
                }
            }
            default -> {
                System.err.println("unknown command " + args[0] + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static List<Map<String, Object>> readRows(List<String> files) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String file : files) {
            if (Files.exists(Path.of(file))) {
                rows.addAll(ResultFile.read(Path.of(file)));
            }
        }
        return rows;
    }

    private static void report(Options options) throws Exception {
        List<Map<String, Object>> rows = readRows(options.positional());
        Map<String, Object> meta = new LinkedHashMap<>();
        for (String pair : options.list("meta", "")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                meta.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        meta.forEach((key, value) -> System.out.println(key + ": " + value));
        ReportTable.print(rows, System.out);
        String out = options.string("out", null);
        if (out != null) {
            ResultFile.writeReport(Path.of(out), meta, rows);
            System.out.println("written to " + out);
        }
    }

    static final String USAGE = """
            usage: java -jar safehouse-bench.jar COMMAND [--option value ...]

            run     --url ws://127.0.0.1:PORT/chat  [--server-pid PID] [--container NAME] [--out FILE.json]
                    [--scenarios fanout,shootout,everyday,joinstorm,idle,reconnect,pairs] [--scale 1.0] [--threads 2]
                    [--protocol chat|ragnarok] (fan-out and pairs: /chat clients, or Ragnarok clients of /ragnarok)
                    [--round N] (a tag put on every row: bench/run.sh --peer's alternating rounds)
                    [--sources 127.0.0.2-127.0.0.50|none] [--connect-concurrency 500]
                    fan-out:   [--fanout-sizes 10,100,1000] [--fanout-senders 4,10,10]
                               [--fanout-rates 10000,20000,50000] [--fanout-modes fixed,max]
                               [--fanout-pacing even|aligned] (aligned: every sender at the same instants)
                               (senders and rates default by size: <=10, <=100, more)
                               [--duration 10] [--warmup 2] [--max-in-flight 4000]
                    shootout:  [--shootout-step 1000] [--shootout-max 20000] [--shootout-broadcasts 100]
                               [--shootout-budget 300]
                    everyday:  [--everyday-clients 10000] [--everyday-room-size 10]
                               [--everyday-duration 60] [--everyday-period 60] [--everyday-private-period 120]
                    pairs:     [--pairs 100] [--pairs-rate 1500] (private messages/s in all, client i to i xor 1,
                               evenly staggered; a delivery is a message at its target, /chat sender copies apart)
                    joinstorm: [--storm-clients 20000] [--storm-concurrency 1000] [--storm-timeout 120]
                    reconnect: [--reconnect-clients 200] [--reconnect-password "storm password"] [--reconnect-timeout 120]
                    idle:      [--idle-step 1000] [--idle-max 20000] [--idle-room-size 100] [--idle-hold 5] [--idle-gc true]
                    (client counts other than fan-out sizes and reconnect-clients are multiplied by --scale)
            floor   [--out FILE.json] [--floor-sizes 100,1000] [--floor-rates 20000,50000] [--floor-threads CORES]
                    [--duration 10] [--warmup 2]
                    no server: a child process writes one Broadcast frame per connection per broadcast (one writev
                    each), evenly paced, to loopback connections the generator reads; rates are deliveries/s
                    (default by size as fan-out's); its CPU per delivery is the kernel's floor under srv us/dl
            probe   --url ws://127.0.0.1:PORT/chat [--timeout 60] [--ready-file FILE]
                    prints the epoch nanoseconds at which the first Hello arrived
            report  [--out combined.json] [--meta key=value,...] FILE.json...
                    prints the table of the merged rows; writes {"meta":{...},"rows":[...]}
            peer-table [--reference ws] FILE.json...
                    the ratio table of bench/run.sh --peer: for each row (scenario and variant) and container, CPU per
                    delivery over the reference's in the same round, p99 of both, lost/dup, machine load; and the
                    floor rows (container kernel) against both
            free-port
                    prints a free TCP port on 127.0.0.1
            """;
}
