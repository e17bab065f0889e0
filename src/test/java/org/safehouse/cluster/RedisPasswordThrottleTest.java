package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safehouse.config.Limits;
import org.safehouse.core.AddressGroupHmac;
import org.safehouse.core.PasswordGuesses;
import org.safehouse.core.PasswordGuessesContract;
import org.safehouse.core.RoomCatalog;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.RedisServerProcess;

/**
 * {@link PasswordGuessesContract} for the cluster's Redis throttle, and what only a shared throttle does: a wrong
 * password on one node counts on another, and Redis holds no address and no key that never expires.
 */
class RedisPasswordThrottleTest extends PasswordGuessesContract {
    private static RedisServerProcess redis;

    private final RedisTestNodes nodes = new RedisTestNodes(redis, "throttle");
    private final AddressGroupHmac hmac = new AddressGroupHmac(RoomCatalog.randomSecret());

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeNodes() {
        nodes.close();
    }

    @Override
    protected PasswordGuesses throttle(Limits limits) {
        return new RedisPasswordThrottle(nodes.connect(), limits, hmac, clock);
    }

    @Test
    void aWrongPasswordOnOneNodeCountsOnTheOther() {
        PasswordGuesses nodeA = throttle(limits());
        PasswordGuesses nodeB = throttle(limits());
        nodeA.recordFailure("10.0.0.1", "vault");
        nodeB.recordFailure("10.0.0.1", "vault");
        Eventually.within(5, "both wrong guesses counted on node A",
                () -> nodeA.waitBeforeAttempt("10.0.0.1", "vault") == 10_000);
        assertEquals(0, nodeB.waitBeforeAttempt("10.0.0.2", "vault"), "another group is not stopped");
    }

    @Test
    void redisHoldsNoAddressAndEveryBucketExpires() {
        RedisCluster node = nodes.connect();
        String prefix = nodes.prefix();
        PasswordGuesses throttle = new RedisPasswordThrottle(node, limits(), hmac, clock);
        throttle.recordFailure("10.0.0.1", "vault");
        Eventually.within(5, "the guess counted",
                () -> node.await(node.commands().keys(prefix + "throttle:*")).size() == 2);
        List<String> keys = node.await(node.commands().keys(prefix + "throttle:*"));
        assertFalse(keys.toString().contains("10.0.0.1"), keys::toString);
        assertTrue(keys.toString().contains(hmac.digest("10.0.0.1")), () -> "keyed by the group's digest: " + keys);
        for (String key : keys) {
            long ttl = node.await(node.commands().pttl(key));
            assertTrue(ttl > 0 && ttl <= 11_000, key + " expires once full again: " + ttl);
        }
    }
}
