package org.safehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.deploy.FreePorts;
import org.safehouse.testing.ClusterNodes;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * Debian's nginx in front of three cluster nodes, round robin and no sticky sessions, as docs/DEPLOY.md ("Three nodes,
 * Redis and nginx") configures it: six clients through one address are spread over the nodes and chat as one room;
 * when a node is killed (SIGKILL), its clients connect again through nginx, land on a surviving node and resume
 * exactly, while the other clients keep their connections.
 */
class NginxClusterIT {
    private static final String ROOM = "quay";
    private static final int CLIENTS = 6;
    private static final Duration NOTICED = Duration.ofSeconds(15);

    @RegisterExtension
    final ServerProcesses processes = ServerProcesses.forEachTest();
    @TempDir
    Path directory;
    private ClusterNodes nodes;
    private ProxyProcess nginx;
    private int proxyPort;

    @BeforeEach
    void start() throws Exception {
        proxyPort = FreePorts.pick(1)[0];
        nodes = ClusterNodes.startWithRedis(3, directory, """
                "trusted_proxies": ["%s"], "public_url": "http://127.0.0.1:%d",
                 "limits": {"presence_interval_ms": 50}""".formatted(Nginx.UPSTREAM_ADDRESS, proxyPort), processes);
        nginx = Nginx.start(directory.resolve("nginx"), proxyPort,
                List.of(nodes.port(0), nodes.port(1), nodes.port(2)));
    }

    @AfterEach
    void stop() throws Exception {
        if (nginx != null) {
            nginx.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    private URI chat() {
        return URI.create("ws://127.0.0.1:" + proxyPort + "/chat");
    }

    @Test
    void clientsOfAKilledNodeResumeThroughNginxOnAnotherNodeAndTheRestNeverNotice() {
        List<WsTestClient> clients = new ArrayList<>();
        try {
            String epoch = null;
            for (int i = 0; i < CLIENTS; i++) {
                WsTestClient client = WsTestClient.connect(chat());
                clients.add(client);
                epoch = client.joinAndWait(ROOM, "p" + i, null).getString("epoch");
            }
            Set<String> everyone = names(CLIENTS);
            clients.get(0).awaitMembers(ROOM, Set.of("p0"), everyone);
            String lastSeen = sendAndAck(clients.get(0), "before", "p0-1"); // its own echo comes before the Ack
            for (WsTestClient client : clients.subList(1, CLIENTS)) {
                assertEquals(lastSeen, received(client, "before"));
            }

            nodes.kill(1);

            List<Integer> lost = awaitClosed(clients, 2);
            int survivor = lost.contains(0) ? (lost.contains(1) ? 2 : 1) : 0;
            String missed = sendAndAck(clients.get(survivor), "while they were away", "survivor-1");

            for (int i : lost) {
                clients.get(i).close();
                WsTestClient again = WsTestClient.connect(chat());
                clients.set(i, again);
                JsonObject joined = resume(again, i, lastSeen, epoch);
                assertTrue(joined.getBoolean("recovered"), joined.toString());
                List<String> ids = joined.getJsonArray("history").getValuesAs(JsonObject.class).stream()
                        .map(message -> message.getString("id")).toList();
                assertEquals(List.of(missed), ids, "p" + i + " missed one message, and gets it once");
            }
            String after = sendAndAck(clients.get(survivor), "all together again", "survivor-2");
            for (int i = 0; i < CLIENTS; i++) {
                if (i != survivor) { // the sender's own echo came before its Ack
                    assertEquals(after, received(clients.get(i), "all together again"));
                }
            }
            for (int i = 0; i < CLIENTS; i++) {
                if (!lost.contains(i)) {
                    assertFalse(clients.get(i).isClosed(), "p" + i + " on a surviving node kept its connection");
                }
            }
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    /**
     * Rejoins as p{@code index} on {@code client} (a new connection through nginx), resuming; asks again while the
     * name is still held by the connection on the killed node (until the cluster notices it is gone).
     */
    private static JsonObject resume(WsTestClient client, int index, String since, String epoch) {
        long deadline = System.nanoTime() + NOTICED.toNanos();
        while (true) {
            client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", ROOM)
                    .add("nick", "p" + index).add("password", JsonValue.NULL).add("since", since).add("epoch", epoch)
                    .build().toString());
            JsonObject answer = client.await(f -> "Joined".equals(WsTestClient.type(f))
                    || "Error".equals(WsTestClient.type(f)));
            if ("Joined".equals(WsTestClient.type(answer)) || System.nanoTime() > deadline
                    || !"name_taken".equals(answer.getString("code", null))) {
                assertEquals("Joined", WsTestClient.type(answer), answer.toString());
                return answer;
            }
            pause(100);
        }
    }

    /** Waits until {@code count} of the clients are closed (by nginx, when their node died); returns their indexes. */
    private static List<Integer> awaitClosed(List<WsTestClient> clients, int count) {
        long deadline = System.nanoTime() + NOTICED.toNanos();
        while (true) {
            List<Integer> closed = new ArrayList<>();
            for (int i = 0; i < clients.size(); i++) {
                if (clients.get(i).isClosed()) {
                    closed.add(i);
                }
            }
            if (closed.size() >= count || System.nanoTime() > deadline) {
                assertEquals(count, closed.size(), "round robin put two of six connections on the killed node");
                return closed;
            }
            pause(50);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // polling what the test does not control, under the caller's deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String sendAndAck(WsTestClient client, String text, String clientMsgId) {
        client.send(Json.createObjectBuilder().add("msgType", "Broadcast").add("room", ROOM).add("text", text)
                .add("clientMsgId", clientMsgId).build().toString());
        return client.await(f -> "Ack".equals(WsTestClient.type(f))
                && clientMsgId.equals(f.getString("clientMsgId", null))).getString("id");
    }

    private static String received(WsTestClient client, String text) {
        return client.await(f -> "Broadcast".equals(WsTestClient.type(f)) && text.equals(f.getString("text", null)))
                .getString("id");
    }

    private static Set<String> names(int count) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            names.add("p" + i);
        }
        return names;
    }
}
