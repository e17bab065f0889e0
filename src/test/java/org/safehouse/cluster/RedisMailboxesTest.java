package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ClusterConfig;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.MailboxBus;
import org.safehouse.core.ProvenIdentity;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.RedisServerProcess;

/**
 * {@link RedisMailboxes} against a real redis-server, two nodes sharing it: every node hears every change once, in
 * Redis's order; the caps hold for the cluster however the sends spread over nodes; what is kept can be loaded back.
 */
class RedisMailboxesTest {
    private static RedisServerProcess redis;
    private static final ProvenIdentity ALICE = new ProvenIdentity("Alice", "alice", "alice-signing-key");
    private static final ProvenIdentity BOB = new ProvenIdentity("Bob", "bob", "bob-signing-key");
    private static final ProvenIdentity CAROL = new ProvenIdentity("Carol", "carol", "carol-signing-key");

    private final List<RedisCluster> clusters = new ArrayList<>();
    private long nextId = 1_000_000_000_000L;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @AfterEach
    void closeNodes() throws Exception {
        clusters.forEach(RedisCluster::close);
        redis.flushAll();
    }

    /** What one node's mirror heard, one line per change, in order. */
    static final class Heard implements MailboxBus.Listener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void kept(String roomKey, HistoryStore.StoredPrivate message, boolean delivered, List<Long> displaced) {
            lines.add("kept " + roomKey + " " + message.toRecipient().encrypted().orElseThrow().clientMsgId()
                    + (delivered ? " delivered" : "") + (displaced.isEmpty() ? "" : " displacing " + displaced));
        }

        @Override
        public void delivered(String roomKey, List<Long> ids) {
            lines.add("delivered " + roomKey + " " + ids);
        }

        @Override
        public void deleted(String roomKey, List<Long> ids) {
            lines.add("deleted " + roomKey + " " + ids);
        }

        @Override
        public void remembered(String roomKey, ProvenIdentity identity) {
            lines.add("known " + roomKey + " " + identity.nick());
        }
    }

    record Node(RedisMailboxes mailboxes, Heard heard) {
    }

    Node node(String limitsJson) throws Exception {
        Limits limits = new ConfigLoader(new Argon2PasswordHasher())
                .parse("{\"limits\":{" + limitsJson + "}}", "test", Path.of(".")).limits();
        RedisCluster cluster = RedisCluster.connect(new ClusterConfig(redis.url(), "mbox:", Duration.ofMillis(200),
                Duration.ofMillis(600), Duration.ofMillis(2000), OptionalInt.empty()), Clock.systemUTC());
        clusters.add(cluster);
        RedisMailboxes mailboxes = new RedisMailboxes(cluster, limits, Clock.systemUTC());
        Heard heard = new Heard();
        mailboxes.listen(heard);
        cluster.start();
        return new Node(mailboxes, heard);
    }

    HistoryStore.StoredPrivate message(ProvenIdentity from, ProvenIdentity to, String clientMsgId, int cipherChars) {
        EncryptedBody body = new EncryptedBody(clientMsgId, "c".repeat(cipherChars), "iv-iv-iv-iv-", 1, "sig");
        return new HistoryStore.StoredPrivate(new ServerFrame.PrivateMessage(nextId++, "Lobby",
                System.currentTimeMillis(), from.nick(), Optional.empty(), Optional.empty(), Optional.of(body), false),
                from, to);
    }

    /** Keeps the message through this node and waits for the answer: "kept", "FULL" or "UNAVAILABLE". */
    static String keep(Node node, String room, HistoryStore.StoredPrivate message, boolean delivered)
            throws Exception {
        CompletableFuture<String> outcome = new CompletableFuture<>();
        node.mailboxes().keep(room, message, "group-digest", delivered, new MailboxBus.Outcome() {
            @Override
            public void kept() {
                outcome.complete("kept");
            }

            @Override
            public void refused(MailboxBus.Refusal why) {
                outcome.complete(why.name());
            }
        });
        return outcome.get(5, TimeUnit.SECONDS);
    }

    /** Waits until both nodes heard {@code count} changes, and checks they heard the same, in the same order. */
    static List<String> heardByBoth(Node one, Node two, int count) {
        Eventually.within(5, count + " changes heard by both nodes",
                () -> one.heard().lines.size() >= count && two.heard().lines.size() >= count);
        assertEquals(one.heard().lines, two.heard().lines, "one order for every node");
        return List.copyOf(one.heard().lines);
    }

    @Test
    void everyNodeHearsEachChangeOnceAndALaterNodeLoadsWhatIsKept() throws Exception {
        Node a = node("");
        Node b = node("");
        HistoryStore.StoredPrivate first = message(ALICE, BOB, "first", 40);
        assertEquals("kept", keep(a, "lobby", first, false));
        assertEquals("kept", keep(b, "lobby", message(CAROL, BOB, "live", 40), true));
        b.mailboxes().markDelivered("lobby", List.of(first.toRecipient().id()));
        b.mailboxes().markDelivered("lobby", List.of(first.toRecipient().id())); // no change: no event
        b.mailboxes().remember("lobby", BOB); // these three share b's connection with the next keep: in order
        HistoryStore.StoredPrivate gone = message(CAROL, BOB, "gone", 40);
        assertEquals("kept", keep(b, "lobby", gone, false));
        b.mailboxes().delete("lobby", List.of(gone.toRecipient().id()));
        assertEquals(List.of("kept lobby first", "kept lobby live delivered",
                "delivered lobby [" + first.toRecipient().id() + "]", "known lobby Bob", "kept lobby gone",
                "deleted lobby [" + gone.toRecipient().id() + "]"), heardByBoth(a, b, 6));

        MailboxBus.Contents loaded = node("").mailboxes().load("lobby");
        assertEquals(List.of("first", "live"), loaded.messages().stream()
                .map(m -> m.toRecipient().encrypted().orElseThrow().clientMsgId()).toList());
        assertEquals(first, loaded.messages().get(0), "ciphertext and both identities come back as kept");
        assertEquals(Set.of(first.toRecipient().id(), first.toRecipient().id() + 1), loaded.delivered());
    }

    @Test
    void aSendersCapHoldsAcrossNodesAndOnlyDeliveredMessagesMakeRoom() throws Exception {
        String caps = "\"mailbox_messages_per_sender\":2";
        Node a = node(caps);
        Node b = node(caps);
        HistoryStore.StoredPrivate one = message(ALICE, BOB, "one", 40);
        assertEquals("kept", keep(a, "lobby", one, false));
        assertEquals("kept", keep(b, "lobby", message(ALICE, CAROL, "two", 40), false));
        assertEquals("FULL", keep(a, "lobby", message(ALICE, BOB, "three", 40), false),
                "her two wait, one kept through each node: a third is refused on either");
        a.mailboxes().markDelivered("lobby", List.of(one.toRecipient().id()));
        // The mark goes out on a's connection, the next keep on b's: wait until Redis has applied it (b heard it).
        Eventually.within(5, "b heard the delivery mark", () -> b.heard().lines.size() >= 3);
        assertEquals("kept", keep(b, "lobby", message(ALICE, BOB, "four", 40), false));
        assertEquals(List.of("kept lobby one", "kept lobby two", "delivered lobby [" + one.toRecipient().id() + "]",
                "kept lobby four displacing [" + one.toRecipient().id() + "]"), heardByBoth(a, b, 4));
    }

    @Test
    void allRoomsTogetherStayWithinTheServersBytesAndADroppedRoomGivesItsShareBack() throws Exception {
        String caps = "\"private_message_bytes_total\":65536";
        Node a = node(caps);
        Node b = node(caps);
        for (String id : List.of("a1", "a2", "a3")) {
            assertEquals("kept", keep(a, "first", message(ALICE, BOB, id, 20_000), false));
        }
        HistoryStore.StoredPrivate big = message(CAROL, BOB, "b1", 20_000);
        assertEquals("FULL", keep(b, "second", big, false), "80 kB of 64 KiB in all rooms");
        a.mailboxes().drop("first");
        assertEquals("kept", keep(a, "second", big, false), "the dropped room's share is free again");
        assertEquals(List.of(), node(caps).mailboxes().load("first").messages());
    }
}
