package org.safehouse.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.safehouse.bench.BenchContext;
import org.safehouse.bench.Options;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.FrameType;
import org.safehouse.bench.client.MessageText;
import org.safehouse.bench.measure.Result;

/**
 * Reconnect storm: what every restart looks like. {@code --reconnect-clients} (200) clients with the right password
 * connect and join at once (all connects in flight together), first on {@code /chat} (room {@code vault}), then on
 * {@code /ragnarok} (the default room, {@code server_password}); each phase starts with no password remembered by the
 * server for that room. Needs a server whose config has both passwords ({@code --reconnect-password}, default
 * "storm password"): bench/run.sh writes one for this scenario. Reports how many were refused (expected: 0), the time
 * from the first connect to the last join, and the join latency percentiles.
 */
public final class ReconnectStormScenario implements Scenario, ConnectionListener {
    static final String ROOM = "vault";

    @Override
    public String name() {
        return "reconnect";
    }

    @Override
    public List<Result> run(BenchContext context) throws Exception {
        Options options = context.options();
        int clients = (int) Math.min(options.integer("reconnect-clients", 200), context.connectionHeadroom());
        String password = options.string("reconnect-password", "storm password");
        long timeoutMillis = options.integer("reconnect-timeout", 120) * 1000L;
        List<Result> results = new ArrayList<>();
        for (boolean ragnarok : new boolean[] {false, true}) {
            results.add(phase(context, clients, password, ragnarok, timeoutMillis));
        }
        return results;
    }

    private Result phase(BenchContext context, int clients, String password, boolean ragnarok, long timeoutMillis)
            throws InterruptedException {
        String endpoint = ragnarok ? "/ragnarok" : "/chat";
        Result result = new Result(context.container(), "reconnect", clients + " clients with the right password join "
                + "at once on " + endpoint);
        ClientPool pool = context.pool();
        List<ClientConnection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            connections.add(new ClientConnection(i, ROOM, (ragnarok ? "r" : "c") + i, this, password, ragnarok));
        }
        context.log("reconnect storm on " + endpoint + ": " + clients + " clients");
        long start = System.nanoTime();
        Connector.Outcome outcome = Connector.open(pool, connections, clients, timeoutMillis);
        long last = start;
        Histogram joinMicros = new Histogram(600_000_000L, 3);
        for (ClientConnection connection : outcome.joined()) {
            last = Math.max(last, connection.joinedNanos());
            joinMicros.recordValue(Math.max(0, (connection.joinedNanos() - connection.connectStartNanos()) / 1000));
        }
        result.put("clients", clients)
                .put("joined", outcome.joined().size())
                .put("refused", outcome.failed())
                .put("last_join_s", Result.round((last - start) / 1e9, 2))
                .latency("join_", joinMicros);
        if (outcome.failed() > 0) {
            result.warn(outcome.failed() + " clients with the right password were refused: "
                    + outcome.failureSummary());
        }
        context.log("reconnect storm on " + endpoint + ": " + outcome.joined().size() + " joined, " + outcome.failed()
                + " refused, last after " + result.get("last_join_s") + " s");
        ClientPool.closeAll(outcome.joined(), 30_000);
        context.settle();
        return result;
    }

    @Override
    public void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos) {
    }
}
