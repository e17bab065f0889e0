package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ClusterConfig;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.RedisServerProcess;

/**
 * A node's health against a real redis-server that goes away and comes back: unhealthy at once, healthy again only
 * after its re-sync steps have run (so it admits clients only once its mirrors are in step), and a failed step keeps
 * it refusing until a retry succeeds.
 */
class RedisClusterHealthTest {
    private RedisServerProcess redis;
    private RedisCluster cluster;
    private RedisClusterHealth health;
    private final List<Boolean> heard = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        redis = RedisServerProcess.start();
        cluster = RedisCluster.connect(new ClusterConfig(redis.url(), "health:", Duration.ofMillis(100),
                Duration.ofMillis(300), Duration.ofMillis(1000), OptionalInt.empty()), Clock.systemUTC());
        cluster.start();
        health = new RedisClusterHealth(cluster);
        health.onChange(heard::add);
    }

    @AfterEach
    void stop() throws Exception {
        health.close();
        cluster.close();
        redis.close();
    }

    @Test
    void backOnlyAfterTheResyncStepsRanOnceRedisAnswersAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger ran = new AtomicInteger();
        health.beforeHealthy(() -> {
            ran.incrementAndGet();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(health.healthy(), "connected at start");

        redis.shutdown();
        Eventually.within(10, "the node notices Redis is gone", () -> !health.healthy());
        redis.resume();
        Eventually.within(10, "the re-sync starts once Redis answers", () -> ran.get() == 1);

        assertTrue(cluster.healthy());
        assertFalse(health.healthy(), "Redis is back, but the mirrors are not in step yet: nobody is admitted");
        release.countDown();
        Eventually.within(10, "admitting again after the re-sync", health::healthy);
        assertEquals(List.of(false, true), heard, "transitions only, in order");
    }

    @Test
    void aFailedStepKeepsTheNodeRefusingUntilARetrySucceeds() throws Exception {
        AtomicInteger tries = new AtomicInteger();
        health.beforeHealthy(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("Redis went away again mid-way");
            }
        });

        redis.restart();
        Eventually.within(10, "the first re-sync failed", () -> tries.get() >= 1);
        Eventually.within(10, "a retry succeeded", health::healthy);

        assertEquals(2, tries.get(), "retried once");
        assertEquals(List.of(false, true), heard);
    }
}
