package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safehouse.core.InviteStore;
import org.safehouse.core.InviteStoreContract;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.RedisServerProcess;

/**
 * {@link InviteStoreContract} for the cluster's Redis store, and what only a shared store does: an invite made on one
 * node is honoured on another, and its uses are counted once across both, even when both take them at once.
 */
class RedisInviteStoreTest extends InviteStoreContract {
    private static RedisServerProcess redis;

    private final RedisTestNodes nodes = new RedisTestNodes(redis, "invites");

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
    protected InviteStore store() {
        return new RedisInviteStore(nodes.connect());
    }

    @Override
    protected void awaitDropped(InviteStore store) {
        Eventually.within(5, "the drop reached Redis", () -> !store.admitted("vault", "fp-carol", TAG));
    }

    @Test
    void twoNodesShareOneInvitesUsesEvenWhenTheyTakeThemAtOnce() throws Exception {
        InviteStore one = new RedisInviteStore(nodes.connect());
        InviteStore two = new RedisInviteStore(nodes.connect());
        one.create("vault", invite("a1", "tok", "k1", 10), 100, 10, NOW);
        String hash = InviteStore.tokenHash("tok");
        assertTrue(two.find("vault", hash, TAG, NOW).isPresent(), "made on one node, seen on the other");

        ExecutorService joins = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> taken = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                InviteStore node = i % 2 == 0 ? one : two;
                taken.add(joins.submit((Callable<Boolean>) () -> node.consume("vault", hash, TAG, NOW)));
            }
            int admitted = 0;
            for (Future<Boolean> use : taken) {
                admitted += use.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(10, admitted, "thirty joins on two nodes, ten uses");
        } finally {
            joins.shutdownNow();
        }
        assertEquals(0, one.live("vault", TAG, NOW).size());
        assertFalse(two.consume("vault", hash, TAG, NOW));
    }
}
