package org.safehouse.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the core needs from a cluster, handed to {@link ChatServer} as one value: {@link #SINGLE_NODE} for one node
 * (in-memory log, always healthy, {@code node_id} from config), or the Redis-backed parts that
 * {@code app.SafehouseAssembly} builds from the {@code cluster} section. Each component is a public port of core.
 *
 * @param log    the cluster's room log (empty: one node, {@link InMemoryMessageLog})
 * @param health whether this node may admit members ({@link ClusterHealth#ALWAYS} for one node)
 * @param nodeId this node's id inside snowflake ids, taken from Redis at start (empty: config's {@code node_id})
 * @param nodeName this node's name in the cluster (its heartbeat key), e.g. {@code n-3f9a61c2}; "local" alone
 */
public record ClusterServices(Optional<RoomLogBus> log, ClusterHealth health, OptionalInt nodeId, String nodeName) {
    public static final ClusterServices SINGLE_NODE = new ClusterServices(Optional.empty(), ClusterHealth.ALWAYS,
            OptionalInt.empty(), "local");

    public ClusterServices {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(nodeName, "nodeName");
    }

    /** Whether these are a cluster's parts (not {@link #SINGLE_NODE}). */
    public boolean clustered() {
        return log.isPresent();
    }
}
