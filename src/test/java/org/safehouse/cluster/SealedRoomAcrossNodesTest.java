package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.config.ClusterConfig;
import org.safehouse.config.Limits;
import org.safehouse.core.ClusterServices;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.RedisServerProcess;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/**
 * Two cores as two nodes of one cluster on a real redis-server (room catalog, room log, history and members in
 * Redis): a sealed room created on one node is sealed on the other, its sealed history reaches a newcomer there
 * exactly as it was sent, and the new salt of a rotation or of a wipe reaches both.
 */
class SealedRoomAcrossNodesTest {
    private static final String CONFIG = "{\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000}}";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    private RedisServerProcess redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();

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

    /** A node as cluster mode assembles one: catalog, room log, history, mailboxes and members in Redis. */
    ChatHarness node() {
        RedisCluster cluster = RedisCluster.connect(new ClusterConfig(redis.url(), "sealed:", Duration.ofMillis(200),
                Duration.ofMillis(600), Duration.ofMillis(2000), OptionalInt.empty()), Clock.systemUTC());
        toClose.add(cluster);
        RedisMemberDirectory members = new RedisMemberDirectory(cluster, 200);
        toClose.add(members::close);
        RedisMailboxes mailboxes = new RedisMailboxes(cluster, Limits.DEFAULTS, Clock.systemUTC());
        RedisHistoryStore history = new RedisHistoryStore(cluster, Limits.DEFAULTS, Clock.systemUTC(),
                RedisHistoryStore.PrivatePart.of(mailboxes));
        ChatHarness node = ChatHarness.with(CONFIG).catalog(new RedisRoomCatalog(cluster))
                .storage(dir, config -> history)
                .cluster(ClusterServices.node(cluster.nodeId(), cluster.snowflakeNodeId(),
                        new RedisRoomLogBus(cluster, Clock.systemUTC())).withMembers(members).withMailboxes(mailboxes))
                .start();
        toClose.add(node);
        cluster.start();
        members.start();
        return node;
    }

    static JsonObject await(FakeClient client, String msgType, List<JsonObject> seen) throws Exception {
        return client.connection().awaitJson(f -> msgType.equals(f.getString("msgType", null)), seen);
    }

    /** Sends the Join, signs the challenge; returns the Joined. */
    static JsonObject joinProven(FakeClient client, String join, String nick, TestIdentity keys) throws Exception {
        List<JsonObject> seen = new ArrayList<>();
        client.send(join);
        String challenge = await(client, "Challenge", seen).getString("challenge");
        client.send("{\"msgType\":\"Prove\",\"room\":\"vault\",\"signature\":\""
                + keys.sign(challenge, "vault", nick) + "\"}");
        return await(client, "Joined", seen);
    }

    static JsonObject sealInfo(ChatHarness node) throws Exception {
        FakeClient asker = node.connect("10.0.0.9");
        asker.send(SealedFrames.sealInfo("vault"));
        return await(asker, "SealInfo", new ArrayList<>());
    }

    @Test
    void theSealSealedHistoryAndARotationReachTheOtherNode() throws Exception {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient alice = nodeA.connect("10.0.0.1");
        joinProven(alice, SealedFrames.create("vault", "alice", aliceKeys, PASSWORD), "alice", aliceKeys);
        List<JsonObject> aliceSaw = new ArrayList<>();
        alice.send(SealedFrames.broadcast("vault", "m1", "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc="));
        JsonObject live = await(alice, "Broadcast", aliceSaw);
        await(alice, "Ack", aliceSaw);

        assertEquals(SealedFrames.SALT, sealInfo(nodeB).getString("salt"), "node B asks the catalog");
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient unaware = nodeB.connect("10.0.0.3");
        unaware.send(SealedFrames.join("vault", "mallory", bobKeys, PASSWORD, false));
        assertEquals("sealed_room", await(unaware, "Error", new ArrayList<>()).getString("code"));
        FakeClient bob = nodeB.connect("10.0.0.2");
        JsonObject joined = joinProven(bob, SealedFrames.join("vault", "bob", bobKeys, PASSWORD, true), "bob",
                bobKeys);
        assertEquals(List.of(live), joined.getJsonArray("history"), "the sealed message, byte for byte");
        assertEquals(SealedFrames.SALT, joined.getJsonObject("seal").getString("salt"));

        Eventually.within(5, "node A lists bob", () -> nodeA.server().members("vault").contains("bob"));
        alice.send(SealedFrames.rotate("vault", "a new secret", SealedFrames.NEW_SALT));
        JsonObject settings = await(bob, "Settings", new ArrayList<>());
        assertEquals(SealedFrames.NEW_SALT, settings.getJsonObject("seal").getString("salt"));
        awaitSalt(nodeB, SealedFrames.NEW_SALT);
    }

    @Test
    void aWipeOnOneNodeTakesTheMembersOfTheOtherOutAndLeavesTheRoomUnderItsNewSaltThere() throws Exception {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient alice = nodeA.connect("10.0.0.1");
        joinProven(alice, SealedFrames.create("vault", "alice", aliceKeys, PASSWORD), "alice", aliceKeys);
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient bob = nodeB.connect("10.0.0.2");
        joinProven(bob, SealedFrames.join("vault", "bob", bobKeys, PASSWORD, true), "bob", bobKeys);
        Eventually.within(5, "node A lists bob", () -> nodeA.server().members("vault").contains("bob"));

        alice.send(SealedFrames.wipe("vault", "a new secret", SealedFrames.NEW_SALT));
        JsonObject removed = await(bob, "Removed", new ArrayList<>());
        assertEquals("wiped", removed.getString("reason"));
        awaitSalt(nodeB, SealedFrames.NEW_SALT);

        FakeClient carol = nodeB.connect("10.0.0.3");
        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        carol.send(SealedFrames.join("vault", "carol", carolKeys, PASSWORD, true));
        assertEquals("wrong_password", await(carol, "Error", new ArrayList<>()).getString("code"),
                "node B checks the new verifier");
        JsonObject joined = joinProven(carol, SealedFrames.join("vault", "carol", carolKeys, "a new secret", true),
                "carol", carolKeys);
        assertEquals(SealedFrames.NEW_SALT, joined.getJsonObject("seal").getString("salt"));
        assertEquals(0, joined.getJsonArray("history").size());
    }

    private static void awaitSalt(ChatHarness node, String salt) {
        Eventually.within(5, "the node holds the salt " + salt, () -> {
            try {
                return salt.equals(sealInfo(node).getString("salt"));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
