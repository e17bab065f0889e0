package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.cluster.ClusterChat.assertAfter;
import static org.safehouse.cluster.ClusterChat.historyIds;
import static org.safehouse.cluster.ClusterChat.join;
import static org.safehouse.cluster.ClusterChat.received;
import static org.safehouse.cluster.ClusterChat.resumeOnceTheNameIsFree;
import static org.safehouse.cluster.ClusterChat.send;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.cluster.ClusterChat.Joined;
import org.safehouse.testing.ClusterNodes;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * Redis restarted under a running cluster (SHUTDOWN, which finishes the append-only file, then a new redis-server on
 * the same port and directory): every node tells its clients to go elsewhere (4011), catches up once Redis is back,
 * and the clients resume on any node with the history intact (from the AOF), then chat on as before.
 */
class ClusterRedisRestartIT {
    /** Nodes reconnect within about a heartbeat of Redis; generous for a loaded machine. */
    private static final Duration BACK = Duration.ofSeconds(30);

    @RegisterExtension
    final ServerProcesses processes = ServerProcesses.forEachTest();
    @TempDir
    Path directory;
    private ClusterNodes nodes;

    @BeforeEach
    void start() throws Exception {
        nodes = ClusterNodes.startWithRedis(3, directory, """
                "limits": {"presence_interval_ms": 50}""", processes);
    }

    @AfterEach
    void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void aRedisRestartSendsEveryClientElsewhereAndTheyResumeWithTheHistoryIntact() throws Exception {
        String room = "lighthouse";
        Joined ann = join(nodes.chat(0), room, "ann");
        Joined bob = join(nodes.chat(1), room, "bob");
        List<String> ids;
        try (WsTestClient a = ann.client(); WsTestClient b = bob.client()) {
            ids = List.of(send(a, room, "one", "a-1"), send(a, room, "two", "a-2"), send(a, room, "three", "a-3"));
            assertEquals(ids.get(2), received(b, room, "three"));

            nodes.redis().restart();

            assertEquals(4011, a.awaitClose(BACK), "node 0 sent ann elsewhere");
            assertEquals(4011, b.awaitClose(BACK), "node 1 sent bob elsewhere");
        }
        nodes.awaitHealth(200, BACK);

        Joined annBack = resumeOnceTheNameIsFree(nodes.chat(2), room, "ann", ids.get(0), ann.epoch(), BACK);
        Joined bobBack = resumeOnceTheNameIsFree(nodes.chat(0), room, "bob", ids.get(2), bob.epoch(), BACK);
        Joined newcomer = join(nodes.chat(1), room, "cy");
        try (WsTestClient a = annBack.client(); WsTestClient b = bobBack.client(); WsTestClient c = newcomer.client()) {
            assertTrue(annBack.frame().getBoolean("recovered"), annBack.frame().toString());
            assertEquals(ann.epoch(), annBack.epoch(), "the same epoch: the history was not reset");
            assertEquals(ids.subList(1, 3), historyIds(annBack.frame()), "what ann had not seen, from the AOF");
            assertTrue(bobBack.frame().getBoolean("recovered"));
            assertEquals(List.of(), historyIds(bobBack.frame()), "bob had seen everything");
            assertEquals(ids, historyIds(newcomer.frame()), "a newcomer gets the whole history");

            String after = send(a, room, "after the restart", "a-4");
            assertEquals(after, received(b, room, "after the restart"));
            assertEquals(after, received(c, room, "after the restart"));
            assertAfter(ids.get(2), after);
        }
    }
}
