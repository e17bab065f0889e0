package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Cluster mode: the {@code cluster} section of config.json. Absent, Safehouse is one node as always; present, every
 * node keeps its state in the Redis named here (org.safehouse.cluster). {@link #toString()} and {@link #redisAddress()}
 * never show the password a {@code redis_url} may carry.
 *
 * @param redisUrl       {@code redis://[:password@]host[:port][/db]} or {@code rediss://} (TLS)
 * @param keyPrefix      put before every Redis key and channel, so several clusters can share one Redis
 * @param nodeHeartbeat  how often a node renews its liveness key ({@code node_heartbeat_ms})
 * @param nodeTimeout    how long a node counts as alive after its last heartbeat ({@code node_timeout_ms})
 * @param commandTimeout the longest any blocking Redis command may take ({@code command_timeout_ms})
 * @param fixedNodeId    the top-level {@code node_id} when config.json sets it; otherwise each node takes one from
 *                       Redis at start
 */
public record ClusterConfig(String redisUrl, String keyPrefix, Duration nodeHeartbeat, Duration nodeTimeout,
                            Duration commandTimeout, OptionalInt fixedNodeId) {
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0";
    public static final String DEFAULT_KEY_PREFIX = "safehouse:";

    public ClusterConfig {
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(keyPrefix, "keyPrefix");
        Objects.requireNonNull(fixedNodeId, "fixedNodeId");
        if (nodeTimeout.compareTo(nodeHeartbeat.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("nodeTimeout must be at least two heartbeats");
        }
    }

    /** {@code host:port} of {@link #redisUrl}, safe to log (no password, no database). */
    public String redisAddress() {
        URI uri = URI.create(redisUrl);
        int port = uri.getPort() == -1 ? 6379 : uri.getPort();
        return uri.getHost() + ":" + port;
    }

    @Override
    public String toString() {
        return "ClusterConfig[redis=" + redisAddress() + ", keyPrefix=" + keyPrefix + ", nodeHeartbeat="
                + nodeHeartbeat + ", nodeTimeout=" + nodeTimeout + ", commandTimeout=" + commandTimeout
                + ", fixedNodeId=" + fixedNodeId + "]";
    }

    /** The keys of the {@code cluster} object as written, with their checks; absent keys take {@link #DEFAULTS}. */
    public record Keys(
            @JsonbProperty("redis_url") @TextLength(min = 1, max = 2048) String redisUrl,
            @JsonbProperty("key_prefix") @TextLength(min = 1, max = 64) String keyPrefix,
            @JsonbProperty("node_heartbeat_ms") @WholeNumber(min = 100, max = 60000) Integer nodeHeartbeatMs,
            @JsonbProperty("node_timeout_ms") @WholeNumber(min = 200, max = 600000) Integer nodeTimeoutMs,
            @JsonbProperty("command_timeout_ms") @WholeNumber(min = 100, max = 60000) Integer commandTimeoutMs) {
        public static final Keys DEFAULTS = new Keys(DEFAULT_REDIS_URL, DEFAULT_KEY_PREFIX, 1000, 3000, 2000);
    }

    /**
     * {@code cluster} (absent or null: one node) and its keys. Refuses {@code history_storage: "sqlite"} with it: the
     * cluster keeps history in Redis, and two nodes writing two files would disagree.
     */
    static Optional<ClusterConfig> read(JsonFields top, HistoryConfig history, OptionalInt fixedNodeId)
            throws ConfigException {
        if (top.value("cluster") == null) {
            return Optional.empty();
        }
        if (history.durable()) {
            throw top.problem("cluster", "cannot be used with history_storage \"sqlite\": a cluster keeps room "
                    + "history in Redis (make Redis durable with appendonly yes; see docs/DEPLOY.md)");
        }
        JsonFields section = top.object("cluster", java.util.Set.copyOf(SectionBinder.keys(Keys.class)));
        Keys keys = SectionBinder.bind(section, Keys.class, Keys.DEFAULTS);
        checkUrl(section, keys.redisUrl());
        if (keys.keyPrefix().chars().anyMatch(c -> c <= 0x20 || c >= 0x7f || c == '*' || c == '?' || c == '[')) {
            throw section.problem("key_prefix", "must be printable ASCII without spaces or the pattern characters "
                    + "* ? [ (it starts every key and the channel pattern)");
        }
        if (keys.nodeTimeoutMs() < 2L * keys.nodeHeartbeatMs()) {
            throw section.problem("node_timeout_ms", "must be at least twice node_heartbeat_ms, so one late "
                    + "heartbeat does not declare a node dead");
        }
        return Optional.of(new ClusterConfig(keys.redisUrl(), keys.keyPrefix(),
                Duration.ofMillis(keys.nodeHeartbeatMs()), Duration.ofMillis(keys.nodeTimeoutMs()),
                Duration.ofMillis(keys.commandTimeoutMs()), fixedNodeId));
    }

    /** Checks the URL's shape; the message never repeats the URL, which may carry a password. */
    private static void checkUrl(JsonFields section, String url) throws ConfigException {
        String problem = "must look like redis://host:6379/0, redis://:password@host:6379/0 or rediss://host:6380/0";
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
                throw section.problem("redis_url", problem);
            }
        } catch (URISyntaxException e) {
            throw section.problem("redis_url", problem);
        }
    }
}
