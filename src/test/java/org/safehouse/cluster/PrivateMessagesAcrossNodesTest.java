package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ClusterConfig;
import org.safehouse.config.Limits;
import org.safehouse.core.ClusterServices;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.RedisServerProcess;
import org.safehouse.testing.TestIdentity;

/**
 * Two cores as two nodes of one cluster on a real redis-server (room log, member directory and mailboxes in Redis):
 * an encrypted private message from a member on one node reaches a member on the other live, and one kept while its
 * recipient was offline reaches it when it joins on the other node; each exactly once.
 */
class PrivateMessagesAcrossNodesTest {
    private static final String CONFIG = "{\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}],"
            + "\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000}}";

    private RedisServerProcess redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
    private final TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);

    @BeforeEach
    void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        redis.close();
    }

    /** A node: its own RedisCluster, with the room log, member directory and mailboxes of the cluster. */
    ChatHarness node() {
        RedisCluster cluster = RedisCluster.connect(new ClusterConfig(redis.url(), "pm:", Duration.ofMillis(200),
                Duration.ofMillis(600), Duration.ofMillis(2000), OptionalInt.empty()), Clock.systemUTC());
        toClose.add(cluster);
        RedisMemberDirectory members = new RedisMemberDirectory(cluster, 200);
        toClose.add(members::close);
        ChatHarness node = ChatHarness.with(CONFIG).cluster(ClusterServices.node(cluster.nodeId(),
                cluster.snowflakeNodeId(), new RedisRoomLogBus(cluster, Clock.systemUTC())).withMembers(members)
                .withMailboxes(new RedisMailboxes(cluster, Limits.DEFAULTS, Clock.systemUTC()))).start();
        toClose.add(node);
        cluster.start();
        members.start();
        return node;
    }

    static void sendEncrypted(FakeClient sender, String to, String clientMsgId) {
        Base64.Encoder b64 = Base64.getEncoder();
        sender.send("{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"" + to + "\","
                + "\"clientMsgId\":\"" + clientMsgId + "\",\"ciphertext\":\"" + b64.encodeToString(new byte[40])
                + "\",\"iv\":\"" + b64.encodeToString(new byte[12]) + "\",\"counter\":1,\"signature\":\""
                + b64.encodeToString(new byte[64]) + "\"}");
    }

    static JsonObject awaitPrivate(FakeClient client, String clientMsgId, List<JsonObject> seen) throws Exception {
        return client.connection().awaitJson(f -> "PrivateMessage".equals(f.getString("msgType"))
                && clientMsgId.equals(f.getString("clientMsgId", null)), seen);
    }

    static long count(List<JsonObject> frames, String clientMsgId) {
        return frames.stream().filter(f -> "PrivateMessage".equals(f.getString("msgType"))
                && clientMsgId.equals(f.getString("clientMsgId", null))).count();
    }

    @Test
    void aPrivateMessageCrossesNodesLiveAndKeptThenDeliveredExactlyOnceEach() throws Exception {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        FakeClient bob = nodeB.connect("10.0.0.2");
        bob.joinProven("secret", "bob", bobKeys);
        FakeClient alice = nodeA.connect("10.0.0.1");
        alice.joinProven("secret", "alice", aliceKeys);
        Eventually.within(5, "node A lists bob", () -> nodeA.server().members("secret").contains("bob"));

        List<JsonObject> bobSaw = new ArrayList<>();
        sendEncrypted(alice, "bob", "live");
        JsonObject live = awaitPrivate(bob, "live", bobSaw);
        assertEquals("alice", live.getString("SrcUser"));
        JsonObject liveCopy = awaitPrivate(alice, "live", new ArrayList<>());
        assertFalse(liveCopy.getBoolean("queued", false), "bob was online, on node B");

        bob.close();
        Eventually.within(5, "node A sees bob leave", () -> !nodeA.server().members("secret").contains("bob"));
        sendEncrypted(alice, "bob", "kept");
        assertTrue(awaitPrivate(alice, "kept", new ArrayList<>()).getBoolean("queued"), "kept for bob in Redis");

        FakeClient bobAgain = nodeB.connect("10.0.0.2");
        List<JsonObject> bobAgainSaw = new ArrayList<>(bobAgain.joinProven("secret", "bob", bobKeys));
        assertEquals("alice", awaitPrivate(bobAgain, "kept", bobAgainSaw).getString("SrcUser"));
        Eventually.within(5, "node A lists bob again", () -> nodeA.server().members("secret").contains("bob"));
        sendEncrypted(alice, "bob", "marker"); // published after everything above: what came before it is all
        awaitPrivate(bobAgain, "marker", bobAgainSaw);
        assertEquals(1, count(bobAgainSaw, "kept"), "the kept message reached bob once");
        assertEquals(1, count(bobSaw, "live"), "the live one reached bob once");
    }
}
