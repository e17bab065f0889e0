package org.safehouse.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.SourceAddresses;
import org.safehouse.bench.measure.ProcessStats;
import org.safehouse.bench.measure.Result;
import org.safehouse.bench.report.ReportTable;
import org.safehouse.bench.report.ResultFile;
import org.safehouse.bench.scenario.EverydayChatScenario;
import org.safehouse.bench.scenario.FanOutScenario;
import org.safehouse.bench.scenario.IdleCapacityScenario;
import org.safehouse.bench.scenario.JoinStormScenario;
import org.safehouse.bench.scenario.PairsScenario;
import org.safehouse.bench.scenario.ReconnectStormScenario;
import org.safehouse.bench.scenario.Scenario;
import org.safehouse.bench.scenario.ShootoutScenario;

/** {@code run}: the chosen scenarios, in order, against one server; rows written after each scenario. */
final class ScenarioRunner {
    private final Options options;

    ScenarioRunner(Options options) {
        this.options = options;
    }

    int run() throws Exception {
        // Several URLs (comma-separated): the nodes of a cluster, clients spread over them.
        List<URI> uris = options.list("url", "").stream().map(URI::create).toList();
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("--url is required");
        }
        String serverPid = options.string("server-pid", null);
        String container = options.string("container", "server");
        double scale = options.decimal("scale", 1.0);
        int threads = options.integer("threads", 2);
        String out = options.string("out", null);
        // --round N (bench/run.sh --peer): which alternating round the rows belong to, for the ratio table.
        String round = options.string("round", null);
        Map<String, Scenario> known = new LinkedHashMap<>();
        for (Scenario scenario : List.of(new FanOutScenario(), new ShootoutScenario(), new EverydayChatScenario(),
                new JoinStormScenario(), new IdleCapacityScenario(), new ReconnectStormScenario(),
                new PairsScenario())) {
            known.put(scenario.name(), scenario);
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : options.list("scenarios", String.join(",", known.keySet()))) {
            Scenario scenario = known.get(name);
            if (scenario == null) {
                System.err.println("unknown scenario " + name + "; known: " + known.keySet());
                return 2;
            }
            chosen.add(scenario);
        }
        List<Result> results = new ArrayList<>();
        try (ClientPool pool = new ClientPool(uris, threads, SourceAddresses.parse(
                options.string("sources", "127.0.0.2-127.0.0.50")), 16 << 20)) {
            List<Long> loopThreads = Collections.synchronizedList(new ArrayList<>());
            pool.onEveryLoop(() -> loopThreads.add(Thread.currentThread().getId()));
            BenchContext context = new BenchContext(options, pool, serverPid, container, scale, List.copyOf(loopThreads));
            context.log("generator: " + threads + " loop threads (" + (pool.usesEpoll() ? "epoll" : "nio")
                    + "), open-file limit " + ProcessStats.openFileLimit("self")
                    + (serverPid == null ? "" : ", server open-file limit " + ProcessStats.openFileLimit(serverPid)));
            for (Scenario scenario : chosen) {
                if (serverPid != null && ProcessStats.cpuTicks(serverPid) < 0) {
                    context.log("the server (pid " + serverPid + ") is gone: stopping");
                    break;
                }
                context.log("scenario " + scenario.name());
                try {
                    for (Result result : scenario.run(context)) {
                        results.add(round == null ? result : result.put("round", Integer.parseInt(round)));
                    }
                } catch (RuntimeException e) {
                    context.log("scenario " + scenario.name() + " failed: " + e);
                    results.add(new Result(container, scenario.name(), "failed").warn("failed: " + e));
                }
                if (out != null) {
                    ResultFile.write(Path.of(out), ResultFile.rows(results));
                }
            }
        }
        ReportTable.print(ResultFile.rows(results), System.out);
        return 0;
    }
}
