package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ClusterConfig;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.RedisServerProcess;

/** {@link RedisCluster} against a real redis-server: order of pub/sub, heartbeats, health across a Redis restart. */
class RedisClusterTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    private static ClusterConfig config(String prefix) {
        // Generous timeouts: the test machine may be loaded; a heartbeat stays short so health changes fast.
        return new ClusterConfig(redis.url(), prefix, Duration.ofMillis(200), Duration.ofMillis(5000),
                Duration.ofMillis(5000), OptionalInt.empty());
    }

    @Test
    void everyNodeHearsEveryMessageInPublishOrderWithTheChannelAfterCh() {
        try (RedisCluster one = RedisCluster.connect(config("order:"), Clock.systemUTC());
             RedisCluster two = RedisCluster.connect(config("order:"), Clock.systemUTC())) {
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            List<String> otherTopics = Collections.synchronizedList(new ArrayList<>());
            two.subscribe("t:room/", (channel, payload) -> heard.add(channel + "=" + payload));
            two.subscribe("rooms", (channel, payload) -> otherTopics.add(channel));
            one.start();
            two.start();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                String channel = "t:room/" + (i % 3 == 0 ? "lobby" : "family");
                one.publish(channel, "m" + i);
                sent.add(channel + "=m" + i);
            }
            one.publish("rooms", "created");
            Eventually.within(60, "500 messages and one rooms event heard", () -> heard.size() == 500
                    && otherTopics.size() == 1);
            assertEquals(sent, heard, "one order across channels, Redis's");
            assertEquals(List.of("rooms"), otherTopics);
            assertNotEquals(one.nodeId(), two.nodeId());
            assertNotEquals(one.snowflakeNodeId(), two.snowflakeNodeId(), "node ids from Redis are distinct");
        }
    }

    @Test
    void aNodeIsAliveWhileItBeatsAndGoneAfterItCloses() {
        try (RedisCluster watcher = RedisCluster.connect(config("alive:"), Clock.systemUTC())) {
            RedisCluster node = RedisCluster.connect(config("alive:"), Clock.systemUTC());
            node.start();
            assertTrue(watcher.alive(node.nodeId()));
            assertFalse(watcher.alive("n-00000000"));
            node.close();
            assertFalse(watcher.alive(node.nodeId()), "a closed node says goodbye at once");
            assertEquals("alive:r:lobby:log", watcher.key("r", "lobby", "log"));
        }
    }

    @Test
    void healthTurnsFalseWhenRedisStopsAndTrueWhenItIsBackWithScriptsLoadedAgain() throws Exception {
        try (RedisCluster node = RedisCluster.connect(config("health:"), Clock.systemUTC())) {
            List<Boolean> transitions = Collections.synchronizedList(new ArrayList<>());
            List<String> heard = Collections.synchronizedList(new ArrayList<>());
            node.onHealth(transitions::add);
            node.subscribe("t:", (channel, payload) -> heard.add(payload));
            node.start();
            assertTrue(node.healthy());
            assertEquals(List.of(true), transitions);
            String sha = node.loadScript("return 'kept'");

            redis.shutdown();
            Eventually.within(30, "health false", () -> !node.healthy());
            assertThrows(RedisCommandException.class, () -> node.await(node.commands().get("x")),
                    "no command waits for a dead Redis");
            redis.resume();
            Eventually.within(60, "health true again", () -> node.healthy() && transitions.size() >= 3);

            for (int i = 0; i < transitions.size(); i++) {
                assertEquals(i % 2 == 0, transitions.get(i), "transitions only, alternating: " + transitions);
            }
            assertEquals("kept", node.await(node.commands().<String>evalsha(sha,
                    io.lettuce.core.ScriptOutputType.VALUE)), "a restarted Redis got the script again");
            node.publish("t:room/lobby", "after");
            Eventually.within(30, "subscribed again", () -> heard.contains("after"));
        }
    }

    @Test
    void anUnreachableRedisIsAClearErrorWithoutThePassword() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClusterConfig config = new ClusterConfig("redis://:hunter2-secret@127.0.0.1:" + closedPort + "/0",
                "x:", Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(500), OptionalInt.empty());
        RedisCommandException refused = assertThrows(RedisCommandException.class,
                () -> RedisCluster.connect(config, Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("127.0.0.1:" + closedPort), refused.getMessage());
        assertFalse(refused.getMessage().contains("hunter2"), refused.getMessage());
    }
}
