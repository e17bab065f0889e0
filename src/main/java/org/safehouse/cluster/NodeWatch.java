package org.safehouse.cluster;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices other nodes dying: every {@code node_heartbeat_ms}, on its own thread ("safehouse-members-watch"), it asks
 * Redis whether each node whose members this node mirrors still has its heartbeat key, and for one that has not
 * (expired {@code node_timeout_ms} after its last beat) has its members dropped room by room. So a dead node's members
 * leave within {@code node_timeout_ms} plus one interval. Skipped while the cluster is unhealthy (the answer would be
 * wrong or late). Each look first drops this node's own entries a failed release left behind. Holds one set of room keys per live node it heard of (the rooms it heard of that node's members
 * in; forgotten when the node dies). Thread-safe.
 */
final class NodeWatch {
    private static final System.Logger LOG = System.getLogger(NodeWatch.class.getName());

    /** Drops a dead node's members of one room; blocking. */
    @FunctionalInterface
    interface Drop {
        void members(String deadNode, String roomKey);
    }

    private final RedisCluster cluster;
    private final long everyMillis;
    private final Drop drop;
    private final Runnable forgetOwn;
    /** Other nodes -> rooms where this node heard of their members. */
    private final Map<String, Set<String>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread named = new Thread(runnable, "safehouse-members-watch");
        named.setDaemon(true);
        return named;
    });

    /** @param forgetOwn drops this node's own stale entries (a release that failed), blocking */
    NodeWatch(RedisCluster cluster, long everyMillis, Drop drop, Runnable forgetOwn) {
        this.forgetOwn = forgetOwn;
        this.cluster = cluster;
        this.everyMillis = everyMillis;
        this.drop = drop;
    }

    /** Any thread: {@code node} has members in the room, as far as this node knows. */
    void mirrors(String node, String roomKey) {
        watched.computeIfAbsent(node, k -> ConcurrentHashMap.newKeySet()).add(roomKey);
    }

    void start() {
        thread.scheduleWithFixedDelay(this::check, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    void close() {
        thread.shutdownNow();
    }

    /** The watch thread: one look at every watched node. */
    void check() {
        if (!cluster.healthy()) {
            return;
        }
        try {
            forgetOwn.run();
        } catch (RuntimeException unanswered) {
            return; // next interval
        }
        for (String node : List.copyOf(watched.keySet())) {
            try {
                if (cluster.alive(node)) {
                    continue;
                }
                Set<String> rooms = watched.getOrDefault(node, Set.of());
                for (String roomKey : List.copyOf(rooms)) {
                    drop.members(node, roomKey);
                    rooms.remove(roomKey); // a failure leaves the rest for the next look
                }
                watched.remove(node, rooms);
            } catch (RuntimeException unanswered) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: node check deferred: {0}",
                        unanswered.getClass().getSimpleName());
                return; // next interval
            }
        }
    }
}
