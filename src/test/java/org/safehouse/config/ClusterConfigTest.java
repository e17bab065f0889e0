package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.Argon2PasswordHasher;

/** The {@code cluster} section: absent means one node; its keys' defaults and checks; no password in any message. */
class ClusterConfigTest {
    private static SafehouseConfig parse(String json) throws ConfigException {
        return new ConfigLoader(new Argon2PasswordHasher(), Map.<String, String>of()::get)
                .parse(json, "config.json", Path.of("/etc/safehouse"));
    }

    private static String problem(String json) {
        return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
    }

    @Test
    void withoutTheSectionTheServerIsOneNode() throws Exception {
        assertTrue(parse("{}").cluster().isEmpty());
        assertTrue(parse("{\"cluster\": null}").cluster().isEmpty());
    }

    @Test
    void anEmptySectionTakesEveryDefault() throws Exception {
        ClusterConfig cluster = parse("{\"cluster\": {}}").cluster().orElseThrow();
        assertEquals(ClusterConfig.DEFAULT_REDIS_URL, cluster.redisUrl());
        assertEquals("safehouse:", cluster.keyPrefix());
        assertEquals(Duration.ofMillis(1000), cluster.nodeHeartbeat());
        assertEquals(Duration.ofMillis(3000), cluster.nodeTimeout());
        assertEquals(Duration.ofMillis(2000), cluster.commandTimeout());
        assertEquals(OptionalInt.empty(), cluster.fixedNodeId(), "node_id not written: taken from Redis");
    }

    @Test
    void aWrittenNodeIdIsKeptForTheCluster() throws Exception {
        assertEquals(OptionalInt.of(7), parse("{\"node_id\": 7, \"cluster\": {}}").cluster().orElseThrow()
                .fixedNodeId());
    }

    @Test
    void thePasswordInTheUrlIsNeverShown() throws Exception {
        ClusterConfig cluster = parse("{\"cluster\": {\"redis_url\": \"rediss://:s3cret-pw@10.0.0.5:6380/2\"}}")
                .cluster().orElseThrow();
        assertEquals("10.0.0.5:6380", cluster.redisAddress());
        assertFalse(cluster.toString().contains("s3cret-pw"), cluster.toString());
        String refused = problem("{\"cluster\": {\"redis_url\": \"http://:s3cret-pw@10.0.0.5\"}}");
        assertTrue(refused.contains("cluster.redis_url"), refused);
        assertFalse(refused.contains("s3cret-pw"), refused);
    }

    @Test
    void sqliteHistoryWithAClusterIsRefusedClearly() {
        String refused = problem("{\"history_storage\": \"sqlite\", \"cluster\": {}}");
        assertTrue(refused.contains("history_storage \"sqlite\""), refused);
    }

    @Test
    void unknownKeysTooShortTimeoutsAndPatternPrefixesAreRefused() {
        assertTrue(problem("{\"cluster\": {\"redis_host\": \"x\"}}").contains("cluster.redis_host: unknown key"));
        assertTrue(problem("{\"cluster\": {\"node_heartbeat_ms\": 2000, \"node_timeout_ms\": 3000}}")
                .contains("cluster.node_timeout_ms"));
        assertTrue(problem("{\"cluster\": {\"key_prefix\": \"a*\"}}").contains("cluster.key_prefix"));
        assertTrue(problem("{\"cluster\": {\"command_timeout_ms\": 5}}").contains("cluster.command_timeout_ms"));
    }
}
