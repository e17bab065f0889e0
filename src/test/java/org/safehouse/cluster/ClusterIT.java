package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.cluster.ClusterChat.assertAfter;
import static org.safehouse.cluster.ClusterChat.awaitMembers;
import static org.safehouse.cluster.ClusterChat.historyIds;
import static org.safehouse.cluster.ClusterChat.join;
import static org.safehouse.cluster.ClusterChat.received;
import static org.safehouse.cluster.ClusterChat.resume;
import static org.safehouse.cluster.ClusterChat.send;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.cluster.ClusterChat.Joined;
import org.safehouse.testing.ClusterNodes;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * Three {@code java -jar} nodes on three ports against one real redis-server act as one server: clients on different
 * nodes chat, see one member list and exchange private messages, and a client resumes a room's history on any node,
 * exactly, by (id, epoch).
 */
class ClusterIT {
    @RegisterExtension
    static final ServerProcesses PROCESSES = ServerProcesses.forTheClass(20_000);
    @TempDir
    static Path directory;
    private static ClusterNodes nodes;

    @BeforeAll
    static void start() throws Exception {
        nodes = ClusterNodes.startWithRedis(3, directory, """
                "limits": {"presence_interval_ms": 50, "messages_per_second": 100, "message_burst": 100}""",
                PROCESSES);
    }

    @AfterAll
    static void stop() {
        if (nodes != null) {
            nodes.close();
        }
    }

    @Test
    void clientsOnThreeNodesChatSeeOneMemberListAndExchangePrivateMessages() {
        String room = "plaza";
        Joined ann = join(nodes.chat(0), room, "ann");
        Joined bob = join(nodes.chat(1), room, "bob");
        Joined cy = join(nodes.chat(2), room, "cy");
        try (WsTestClient a = ann.client(); WsTestClient b = bob.client(); WsTestClient c = cy.client()) {
            Set<String> everyone = Set.of("ann", "bob", "cy");
            awaitMembers(ann, room, everyone);
            awaitMembers(bob, room, everyone);
            assertEquals(everyone, Set.copyOf(cy.frame().getJsonArray("users").getValuesAs(
                    jakarta.json.JsonString::getString)), "the newest member on node 2 is told of all three");

            String id = send(a, room, "hello from node 0", "a-1");
            assertEquals(id, received(b, room, "hello from node 0"), "one id, whichever node delivers it");
            assertEquals(id, received(c, room, "hello from node 0"));

            b.privateMessage(room, "cy", "psst, from node 1");
            JsonObject whisper = c.await(f -> "PrivateMessage".equals(WsTestClient.type(f)));
            assertEquals("bob", whisper.getString("SrcUser"));
            assertEquals("psst, from node 1", whisper.getString("text"));
            JsonObject copy = b.await(f -> "PrivateMessage".equals(WsTestClient.type(f)));
            assertEquals("cy", copy.getString("TgtUser"), "the sender's copy names the recipient");
            String after = send(a, room, "after the whisper", "a-2");
            assertFalse(a.drainNow().stream().anyMatch(text -> text.contains("psst")), "ann never sees the whisper");
            assertAfter(id, after);

            b.send("{\"msgType\":\"Leave\",\"room\":\"" + room + "\"}");
            awaitMembers(new Joined(a, jsonWith(everyone)), room, Set.of("ann", "cy"));
        }
    }

    @Test
    void historyResumesExactlyOnAnyNodeByIdAndEpoch() {
        String room = "archive";
        Joined writer = join(nodes.chat(0), room, "writer");
        try (WsTestClient w = writer.client()) {
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                ids.add(send(w, room, "entry " + i, "w-" + i));
            }
            for (int i = 1; i < ids.size(); i++) {
                assertAfter(ids.get(i - 1), ids.get(i));
            }
            for (int node = 1; node <= 2; node++) {
                Joined reader = resume(nodes.chat(node), room, "reader" + node, ids.get(2), writer.epoch());
                try (WsTestClient r = reader.client()) {
                    assertTrue(reader.frame().getBoolean("recovered"), reader.frame().toString());
                    assertEquals(writer.epoch(), reader.epoch(), "one epoch for the room on every node");
                    assertEquals(ids.subList(3, 6), historyIds(reader.frame()),
                            "node " + node + ": what came after since, each once, in order");
                }
            }
            Joined stale = resume(nodes.chat(2), room, "stale", ids.get(2), "0000000000000000");
            try (WsTestClient s = stale.client()) {
                assertFalse(stale.frame().getBoolean("recovered"), "another epoch: the client is told it has a gap");
            }
        }
    }

    /** A stand-in Joined whose users are {@code users}, to follow a client's Presence from a known list. */
    private static JsonObject jsonWith(Set<String> users) {
        var array = jakarta.json.Json.createArrayBuilder();
        users.forEach(array::add);
        return jakarta.json.Json.createObjectBuilder().add("users", array).build();
    }
}
