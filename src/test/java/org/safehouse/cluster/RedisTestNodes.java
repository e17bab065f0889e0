package org.safehouse.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.safehouse.config.ClusterConfig;
import org.safehouse.testing.RedisServerProcess;

/**
 * The {@link RedisCluster}s ("nodes") of one test against a shared redis-server, under a key prefix of their own so
 * tests never see each other's keys; {@link #close} closes every one it connected.
 */
final class RedisTestNodes implements AutoCloseable {
    private static final AtomicInteger PREFIXES = new AtomicInteger();

    private final RedisServerProcess redis;
    private final String prefix;
    private final List<RedisCluster> connected = new ArrayList<>();

    RedisTestNodes(RedisServerProcess redis, String name) {
        this.redis = redis;
        this.prefix = name + PREFIXES.incrementAndGet() + ":";
    }

    String prefix() {
        return prefix;
    }

    /** A node's cluster connection (heartbeat 500 ms, timeout 1.5 s, commands 2 s), not started. */
    RedisCluster connect() {
        RedisCluster cluster = RedisCluster.connect(new ClusterConfig(redis.url(), prefix, Duration.ofMillis(500),
                Duration.ofMillis(1500), Duration.ofMillis(2000), OptionalInt.empty()), Clock.systemUTC());
        connected.add(cluster);
        return cluster;
    }

    @Override
    public void close() {
        connected.forEach(RedisCluster::close);
    }
}
