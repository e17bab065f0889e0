package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.cluster.ClusterChat.awaitMembers;
import static org.safehouse.cluster.ClusterChat.historyIds;
import static org.safehouse.cluster.ClusterChat.historyTexts;
import static org.safehouse.cluster.ClusterChat.join;
import static org.safehouse.cluster.ClusterChat.received;
import static org.safehouse.cluster.ClusterChat.resumeOnceTheNameIsFree;
import static org.safehouse.cluster.ClusterChat.send;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
 * A node killed with SIGKILL (no goodbye to Redis): its clients reconnect to another node and resume with since and
 * epoch, losing and duplicating nothing, a message they were unsure of sent again included; the members on the other
 * nodes keep their connections and only see the killed node's member leave (once its heartbeat expires) and come back.
 */
class ClusterNodeKilledIT {
    /** The cluster notices a dead node within its timeout and a heartbeat; generous for a loaded machine. */
    private static final Duration NOTICED = Duration.ofSeconds(15);

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
    void theKilledNodesClientResumesElsewhereWithNothingLostOrTwiceAndTheOthersOnlySeeItLeaveAndReturn() {
        String room = "harbour";
        Joined ann = join(nodes.chat(0), room, "ann");
        Joined bob = join(nodes.chat(1), room, "bob");
        Joined cy = join(nodes.chat(2), room, "cy");
        try (WsTestClient a = ann.client(); WsTestClient b = bob.client(); WsTestClient c = cy.client()) {
            Set<String> everyone = Set.of("ann", "bob", "cy");
            awaitMembers(bob, room, everyone);
            awaitMembers(cy, room, everyone);
            send(a, room, "first", "ann-1");
            String seen = send(a, room, "second", "ann-2");
            // Delivered to the others, but ann never learns whether it arrived: she will send it again.
            a.send("{\"msgType\":\"Broadcast\",\"room\":\"" + room
                    + "\",\"text\":\"unsure\",\"clientMsgId\":\"ann-3\"}");
            String unsure = received(b, room, "unsure");
            received(c, room, "unsure");

            nodes.kill(0);

            String whileAway = send(b, room, "while ann was away", "bob-1");
            received(c, room, "while ann was away");
            b.awaitMembers(room, everyone, Set.of("bob", "cy"));
            c.awaitMembers(room, everyone, Set.of("bob", "cy"));

            Joined back = resumeOnceTheNameIsFree(nodes.chat(1), room, "ann", seen, ann.epoch(), NOTICED);
            try (WsTestClient a2 = back.client()) {
                assertTrue(back.frame().getBoolean("recovered"), back.frame().toString());
                assertEquals(List.of("unsure", "while ann was away"), historyTexts(back.frame()),
                        "everything after what ann had seen, each once, in order");
                assertEquals(List.of(unsure, whileAway), historyIds(back.frame()));
                b.awaitMembers(room, Set.of("bob", "cy"), everyone);
                c.awaitMembers(room, Set.of("bob", "cy"), everyone);

                assertEquals(unsure, send(a2, room, "unsure", "ann-3"),
                        "a resend of a message already in the room is acknowledged with its id, not sent again");
                send(a2, room, "back again", "ann-4");
                JsonObject next = b.await(f -> "Broadcast".equals(WsTestClient.type(f)));
                assertEquals("back again", next.getString("text"), "bob got no second copy of the resent message");
                assertEquals("back again", c.await(f -> "Broadcast".equals(WsTestClient.type(f))).getString("text"));
            }
            assertFalse(b.isClosed() || c.isClosed(), "the other nodes' clients never noticed anything else");
            assertEquals("still", b.pingPong("still").getString("token"));
        }
    }
}
