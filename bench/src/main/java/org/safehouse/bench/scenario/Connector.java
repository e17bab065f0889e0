package org.safehouse.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.JoinFailure;

/**
 * Opens connections and joins them, with at most {@code concurrency} connects-and-joins in flight (so the server's
 * accept backlog is not overrun into SYN retries) and an overall deadline.
 */
public final class Connector {

    /** The outcome: the connections that joined, and the others counted by failure reason. */
    public record Outcome(List<ClientConnection> joined, Map<String, Long> failures, double seconds) {
        public long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        public String failureSummary() {
            return failures.toString();
        }
    }

    private Connector() {
    }

    public static Outcome open(ClientPool pool, List<ClientConnection> connections, int concurrency,
            long timeoutMillis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Semaphore permits = new Semaphore(concurrency);
        List<ClientConnection> started = new ArrayList<>();
        Map<String, Long> failures = new TreeMap<>();
        for (ClientConnection connection : connections) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || !permits.tryAcquire(left, TimeUnit.MILLISECONDS)) {
                failures.merge("not started before the deadline", 1L, Long::sum);
                continue;
            }
            connection.joined().whenComplete((c, e) -> permits.release());
            pool.connect(connection);
            started.add(connection);
        }
        List<ClientConnection> joined = new ArrayList<>();
        for (ClientConnection connection : started) {
            long left = Math.max(1, deadline - System.currentTimeMillis());
            try {
                connection.joined().get(left, TimeUnit.MILLISECONDS);
                joined.add(connection);
            } catch (java.util.concurrent.TimeoutException e) {
                failures.merge("no Joined before the deadline", 1L, Long::sum);
                connection.close();
            } catch (java.util.concurrent.ExecutionException | CompletionException e) {
                String reason = e.getCause() instanceof JoinFailure f ? f.reason() : String.valueOf(e.getCause());
                failures.merge(reason, 1L, Long::sum);
            }
        }
        return new Outcome(joined, failures, (System.nanoTime() - start) / 1e9);
    }
}
