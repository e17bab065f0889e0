package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.core.AddressGroupHmac;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.RoomRules;
import org.safehouse.core.ServerOperator;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.RedisServerProcess;

/**
 * Two chat cores ("nodes"), each with its own {@link RedisCluster} and {@link RedisRoomCatalog}, sharing one real
 * redis-server: a room created on one node keeps its password on the other, and what changes on one (password,
 * bans, deletion, server bans) holds on the other, which acts on its own members.
 */
class RedisRoomCatalogTest {
    private static RedisServerProcess redis;

    private final RedisTestNodes clusters = new RedisTestNodes(redis, "rooms");
    private final List<ChatHarness> nodes = new ArrayList<>();
    private final List<RedisRoomCatalog> catalogs = new ArrayList<>();
    private final List<RedisPasswordThrottle> throttles = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void stopNodes() {
        nodes.forEach(ChatHarness::close);
        clusters.close();
    }

    private RedisCluster cluster() {
        return clusters.connect();
    }

    /** A node: its catalog listens before its cluster subscribes, so it misses no change. */
    private ChatHarness node() {
        RedisCluster cluster = cluster();
        RedisRoomCatalog catalog = new RedisRoomCatalog(cluster);
        catalogs.add(catalog);
        String config = "{\"default_room\":\"lobby\",\"limits\":{\"wrong_password_burst_per_address\":1}}";
        RedisPasswordThrottle throttle = new RedisPasswordThrottle(cluster, limits(config),
                new AddressGroupHmac(catalog.serverSecret()), Clock.systemUTC());
        throttles.add(throttle);
        ChatHarness node = ChatHarness.with(config).catalog(catalog).passwordGuesses(throttle).start();
        cluster.start();
        nodes.add(node);
        return node;
    }

    private static Limits limits(String config) {
        try {
            return new ConfigLoader(new Argon2PasswordHasher()).parse(config, "test", Path.of(".")).limits();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonObject last(List<JsonObject> frames, String msgType) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (msgType.equals(frames.get(i).getString("msgType", null))) {
                return frames.get(i);
            }
        }
        throw new AssertionError("no " + msgType + " in " + frames);
    }

    private static FakeClient aliceOwnsVault(ChatHarness node, String password) {
        FakeClient alice = node.connect("10.0.0.1");
        alice.send(OwnerRequests.joinAsOwner("vault", "alice", password, "owner secret"));
        assertEquals("owner", last(alice.takeJson(), "Joined").getString("role"));
        return alice;
    }

    private static Optional<ServerOperator.RoomSummary> vaultOn(ChatHarness node) {
        return node.server().operator().room("vault");
    }

    @Test
    void aRoomCreatedOnOneNodeRefusesAnotherPasswordOnTheOtherAndAcceptsItsOwn() {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        aliceOwnsVault(nodeA, "first password");
        FakeClient mallory = nodeB.connect("10.0.0.66");
        assertEquals("wrong_password", last(mallory.join("vault", "mallory", "squatter password"), "Error")
                .getString("code"));
        FakeClient bob = nodeB.connect("10.0.0.2");
        assertEquals("member", last(bob.join("vault", "bob", "first password"), "Joined").getString("role"));
    }

    @Test
    void aWrongPasswordOnOneNodeCountsOnTheOther() {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        aliceOwnsVault(nodeA, "first password");
        assertEquals("wrong_password", last(nodeA.connect("10.0.0.66").join("vault", "mallory", "guess 1"),
                "Error").getString("code"));
        Eventually.within(10, "the guess counted in Redis",
                () -> throttles.get(1).waitBeforeAttempt("10.0.0.66", "vault") > 0);
        assertEquals("throttled", last(nodeB.connect("10.0.0.66").join("vault", "mallory", "guess 2"), "Error")
                .getString("code"), "the next guess, through node B, is throttled before any hashing");
        assertEquals("Joined", last(nodeB.connect("10.0.0.2").join("vault", "bob", "first password"), "Joined")
                .getString("msgType"), "someone who never guessed wrong gets in");
    }

    @Test
    void twoClaimsOfOneRoomAgreeOnTheFirst() {
        RoomCatalog one = new RedisRoomCatalog(cluster());
        RoomCatalog two = new RedisRoomCatalog(cluster());
        RoomCatalog.Entry first = new RoomCatalog.Entry("vault", "Vault", "Vault", Optional.of("$argon2id$first"),
                false, RoomRules.DEFAULT);
        RoomCatalog.Entry second = new RoomCatalog.Entry("vault", "vault", "vault", Optional.empty(), true,
                RoomRules.DEFAULT.withTopic("mine now"));
        assertEquals(Optional.empty(), one.claim(first, "e1"));
        RoomCatalog.Known winner = two.claim(second, "e2").orElseThrow();
        assertEquals(new RoomCatalog.Known(first, "e1"), winner);
        assertEquals(Optional.of(winner), two.lookup("vault"));
        assertArrayEquals(one.serverSecret(), two.serverSecret(), "one address-ban secret for the cluster");
    }

    @Test
    void aPasswordSetOnOneNodeHoldsOnTheOther() {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        FakeClient alice = aliceOwnsVault(nodeA, null);
        Eventually.within(10, "node B mirrors the room", () -> vaultOn(nodeB).isPresent());
        alice.send(OwnerRequests.roomSettings("vault", Json.createObjectBuilder()
                .add("password", "second password").build()));
        Eventually.within(10, "node B has the password", () -> vaultOn(nodeB).orElseThrow().hasPassword());
        assertEquals("wrong_password", last(nodeB.connect("10.0.0.2").join("vault", "bob", null), "Error")
                .getString("code"));
        assertEquals("Joined", last(nodeB.connect("10.0.0.3").join("vault", "carol", "second password"),
                "Joined").getString("msgType"));
    }

    @Test
    void aBanOnOneNodeRemovesTheBannedOnTheOtherAndKeepsThemOut() throws Exception {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        FakeClient alice = aliceOwnsVault(nodeA, "first password");
        last(nodeA.connect("10.0.0.66").join("vault", "mallory", "first password"), "Joined");
        FakeClient malloryOnB = nodeB.connect("10.0.0.67");
        last(malloryOnB.join("vault", "mallory", "first password"), "Joined");

        alice.send(ModerationRequests.banKinds("vault", "mallory", "nick"));

        JsonObject removed = malloryOnB.await(frame -> "Removed".equals(frame.getString("msgType", null)));
        assertEquals("banned", removed.getString("reason"));
        assertEquals(1, vaultOn(nodeB).orElseThrow().bans());
        assertEquals("banned", last(nodeB.connect("10.0.0.68").join("vault", "mallory", "first password"),
                "Error").getString("code"));
    }

    @Test
    void aDeletionOnOneNodeRemovesEveryoneOnTheOther() throws Exception {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        FakeClient alice = aliceOwnsVault(nodeA, "first password");
        FakeClient bob = nodeB.connect("10.0.0.2");
        last(bob.join("vault", "bob", "first password"), "Joined");

        alice.send(OwnerRequests.deleteRoom("vault", "vault"));

        JsonObject removed = bob.await(frame -> "Removed".equals(frame.getString("msgType", null)));
        assertEquals("deleted", removed.getString("reason"));
        Eventually.within(10, "node B forgot the room", () -> vaultOn(nodeB).isEmpty());
        assertFalse(nodeA.server().operator().room("vault").isPresent());
    }

    @Test
    void aResyncAppliesWhatChangedWhileTheNodeHeardNothing() {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        aliceOwnsVault(nodeA, null);
        Eventually.within(10, "node B mirrors the room", () -> vaultOn(nodeB).isPresent());
        RedisCluster writer = cluster(); // a change whose event node B missed (Redis was away from it)
        writer.await(writer.commands().hset(clusters.prefix() + "r:vault:room", "password", "$argon2id$v=19$missed"));

        catalogs.get(1).resync();

        assertTrue(vaultOn(nodeB).orElseThrow().hasPassword(), "node B has the password it never heard of");
    }

    @Test
    void aServerBanOnOneNodeClosesTheGroupOnTheOther() throws Exception {
        ChatHarness nodeA = node();
        ChatHarness nodeB = node();
        FakeClient onB = nodeB.connect("203.0.113.9");
        nodeA.server().operator().banAddress("203.0.113.9", OptionalLong.empty(), Optional.empty(), "admin-api");
        Eventually.within(10, "node B closed the banned group", () -> onB.closedWith() != null);
        assertEquals(CloseCode.ADDRESS_BANNED, onB.closedWith());
        assertEquals(CloseCode.ADDRESS_BANNED, nodeB.open("203.0.113.9").closedWith());
        assertTrue(nodeB.server().operator().listBans().size() == 1, "the ban is listed on node B too");
    }
}
