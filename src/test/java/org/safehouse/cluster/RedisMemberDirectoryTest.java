package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ClusterConfig;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RedisServerProcess;

/**
 * Members across nodes with the directory on a real redis-server: each node is a core with its own
 * {@link RedisCluster} and {@link RedisMemberDirectory}; the cores share one in-memory broker for the room's frames.
 * A name is held once in the cluster, a member on another node is listed, a dead node's members leave every list
 * (told once) and stop counting against the room's limit.
 */
class RedisMemberDirectoryTest {
    private static final String CONFIG = "{\"rooms\":[{\"name\":\"hall\"},{\"name\":\"small\",\"max_members\":2}]}";
    private static RedisServerProcess redis;

    private final String prefix = "members-" + UUID.randomUUID() + ":";
    private final InMemoryBroker broker = new InMemoryBroker();
    private final MutableClock clock = new MutableClock(ChatHarness.START);
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable node : open) {
            node.close();
        }
    }

    /** A node: its cluster connection and directory, started as the assembly starts them, and its core. */
    private record Node(RedisCluster cluster, RedisMemberDirectory directory, ChatHarness core)
            implements AutoCloseable {
        @Override
        public void close() {
            directory.close();
            cluster.close();
        }
    }

    private Node node() {
        // A generous node timeout: a node starved on a loaded machine must not count as dead; the nodes that die
        // here close, which deletes their heartbeat key at once.
        RedisCluster cluster = RedisCluster.connect(new ClusterConfig(redis.url(), prefix, Duration.ofMillis(200),
                Duration.ofMillis(10_000), Duration.ofMillis(5000), OptionalInt.empty()), Clock.systemUTC());
        RedisMemberDirectory directory = new RedisMemberDirectory(cluster, 200);
        ChatHarness core = ChatHarness.with(CONFIG).clock(clock).catalog(new RedisRoomCatalog(cluster))
                .node(broker, directory).start();
        cluster.start();
        directory.start();
        Node node = new Node(cluster, directory, core);
        open.add(node);
        return node;
    }

    private void tickAll(Node... nodes) {
        clock.advance(1000);
        for (Node node : nodes) {
            node.core().tick();
        }
    }

    /**
     * Waits until the node lists these members, in any order: each node lists members in the order it learned of
     * them, which differs between nodes for members who joined on different nodes at nearly the same moment.
     */
    private static void awaitMembers(Node node, String room, List<String> expected) {
        Set<String> wanted = Set.copyOf(expected);
        try {
            Eventually.within(30, "members " + expected, () -> {
                List<String> now = node.core().server().members(room);
                return now.size() == wanted.size() && wanted.equals(Set.copyOf(now));
            });
        } catch (AssertionError late) {
            assertEquals(wanted, Set.copyOf(node.core().server().members(room)), "the member list after 30 s");
        }
    }

    private static void awaitMembers(Node node, List<String> expected) {
        awaitMembers(node, "hall", expected);
    }

    private static List<JsonObject> presence(FakeClient client) {
        return client.takeJson().stream().filter(f -> "Presence".equals(f.getString("msgType", null)))
                .collect(Collectors.toList());
    }

    private static List<String> strings(JsonObject frame, String field) {
        return frame.getJsonArray(field).getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .collect(Collectors.toList());
    }

    @Test
    void aNameIsHeldOnceInTheClusterAndAMemberElsewhereIsListedUntilItLeaves() {
        Node a = node();
        Node b = node();
        FakeClient alice = a.core().joined("hall", "alice");
        awaitMembers(b, List.of("alice"));
        JsonObject refused = b.core().connect("10.0.0.2").join("hall", "ALICE").get(0);
        assertEquals("name_taken", refused.getString("code"), refused.toString());
        b.core().joined("hall", "bob");
        awaitMembers(a, List.of("alice", "bob"));
        alice.leave("hall");
        awaitMembers(b, List.of("bob"));
        b.core().joined("hall", "alice");
        awaitMembers(a, List.of("bob", "alice"));
    }

    @Test
    void aRoomCreatedOnOneNodeListsItsMembersOnTheNodeJoinedNextAndTellsItsLeaves() {
        Node a = node();
        Node b = node();
        FakeClient alice = a.core().joined("den", "alice");
        FakeClient bob = b.core().joined("den", "bob");
        awaitMembers(a, "den", List.of("alice", "bob"));
        awaitMembers(b, "den", List.of("alice", "bob"));
        tickAll(a, b);
        alice.take();
        bob.leave("den");
        awaitMembers(a, "den", List.of("alice"));
        tickAll(a, b);
        List<JsonObject> told = presence(alice);
        assertEquals(1, told.size(), told::toString);
        assertEquals(List.of("bob"), strings(told.get(0), "left"));
    }

    @Test
    void aDeadNodesMembersLeaveEveryListAndAreToldOnce() {
        Node a = node();
        Node b = node();
        Node doomed = node();
        FakeClient carol = a.core().joined("hall", "carol");
        FakeClient dave = b.core().joined("hall", "dave");
        doomed.core().joined("hall", "alice");
        awaitMembers(a, List.of("carol", "dave", "alice"));
        awaitMembers(b, List.of("carol", "dave", "alice"));
        tickAll(a, b);
        carol.take();
        dave.take();
        doomed.close(); // its heartbeat key goes, as it expires after a SIGKILL
        awaitMembers(a, List.of("carol", "dave"));
        awaitMembers(b, List.of("carol", "dave"));
        tickAll(a, b);
        for (FakeClient member : List.of(carol, dave)) {
            List<JsonObject> told = presence(member);
            assertEquals(1, told.size(), told::toString);
            assertEquals(List.of("alice"), strings(told.get(0), "left"));
        }
    }

    @Test
    void aRoomsLimitHoldsAcrossNodesAndADeadNodesMembersStopCounting() {
        Node a = node();
        Node b = node();
        a.core().joined("small", "alice");
        b.core().joined("small", "bob");
        JsonObject refused = a.core().connect("10.0.0.3").join("small", "carol").get(0);
        assertEquals("room_full", refused.getString("code"), refused.toString());
        b.close();
        Eventually.within(10, "node b's heartbeat gone", () -> !a.cluster().alive(b.cluster().nodeId()));
        a.core().joined("small", "carol");
        awaitMembers(a, "small", List.of("alice", "carol"));
    }
}
