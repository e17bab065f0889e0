package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.QueuedMailboxBus;
import org.safehouse.testing.SharedMemberDirectory;
import org.safehouse.testing.TestIdentity;

/**
 * Two nodes of a cluster sharing one broker, one member directory and one mailbox ({@link QueuedMailboxBus}), no
 * Redis: a private message reaches a member on the other node live, once; one kept on one node reaches its recipient
 * on the other exactly once, whenever the recipient joins; a refusal of the shared mailbox reaches the sender as an
 * error naming its message.
 */
class ClusteredMailboxesTest {
    static final String CONFIG = "{\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}],"
            + "\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000}}";

    final QueuedMailboxBus mailboxes = new QueuedMailboxBus();
    final InMemoryBroker broker = new InMemoryBroker();
    final SharedMemberDirectory directory = new SharedMemberDirectory();
    final ChatHarness nodeA = node("a");
    final ChatHarness nodeB = node("b");
    final TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
    final TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    /** A node of the cluster: every node hears every topic (as through Redis), one member list, one mailbox. */
    ChatHarness node(String id) {
        return ChatHarness.with(CONFIG).node(broker, directory.node(id)).mailboxes(mailboxes).start();
    }

    FakeClient prove(ChatHarness node, String nick, TestIdentity keys) {
        FakeClient client = node.connect("10.0.0.1");
        client.joinProven("secret", nick, keys);
        mailboxes.deliver();
        return client;
    }

    /** bob proved himself on node B (so every node may write to him) and went offline. */
    void bobWasHereAndLeft() {
        prove(nodeB, "bob", bobKeys).close();
        mailboxes.deliver();
    }

    static void sendEncrypted(FakeClient sender, String to, String clientMsgId) {
        sender.send("{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"" + to + "\","
                + IdentityProofTest.encryptedBody(clientMsgId) + "}");
    }

    static List<JsonObject> privateMessages(FakeClient client) {
        return client.takeJson().stream().filter(f -> "PrivateMessage".equals(f.getString("msgType"))).toList();
    }

    @Test
    void aMessageToAMemberOnAnotherNodeIsRelayedLiveOnceAndKeptAsDelivered() {
        FakeClient bob = prove(nodeB, "bob", bobKeys);
        FakeClient alice = prove(nodeA, "alice", aliceKeys);
        bob.take();
        alice.take();
        sendEncrypted(alice, "bob", "live");
        List<JsonObject> received = privateMessages(bob);
        assertEquals(1, received.size(), "node B's member gets it through its member topic");
        assertEquals("alice", received.get(0).getString("SrcUser"));
        mailboxes.deliver();
        JsonObject copy = alice.only();
        assertEquals("bob", copy.getString("TgtUser"));
        assertFalse(copy.getBoolean("queued", false), "bob was online, on another node");
        assertEquals(received.get(0).getString("id"), copy.getString("id"));
        assertEquals(List.of(), privateMessages(bob), "kept as delivered: the kept event brings no second copy");
    }

    @Test
    void aMessageKeptOnOneNodeIsDeliveredOnceToItsRecipientJoiningOnAnother() {
        bobWasHereAndLeft();
        FakeClient alice = prove(nodeA, "alice", aliceKeys);
        alice.take();
        sendEncrypted(alice, "bob", "while-away");
        assertEquals(List.of(), alice.take(), "no copy before the shared mailbox kept it");
        mailboxes.deliver();
        JsonObject copy = alice.only();
        assertEquals("while-away", copy.getString("clientMsgId"));
        assertTrue(copy.getBoolean("queued"), "bob was offline everywhere: the message waits for him");

        FakeClient bob = nodeB.connect("10.0.0.2");
        List<JsonObject> joined = bob.joinProven("secret", "bob", bobKeys);
        mailboxes.deliver();
        List<JsonObject> kept = joined.stream().filter(f -> "PrivateMessage".equals(f.getString("msgType"))).toList();
        assertEquals(1, kept.size(), "node B mirrors what node A kept");
        assertEquals("alice", kept.get(0).getString("SrcUser"));
        assertEquals(copy.getString("id"), kept.get(0).getString("id"));
        assertEquals(List.of(), privateMessages(bob), "and only once");
    }

    @Test
    void aMessageKeptWhileItsRecipientJoinsElsewhereReachesItOnceWhenTheNodeHearsOfIt() {
        bobWasHereAndLeft();
        FakeClient alice = prove(nodeA, "alice", aliceKeys);
        sendEncrypted(alice, "bob", "racing");
        FakeClient bob = nodeB.connect("10.0.0.2");
        List<JsonObject> joined = bob.joinProven("secret", "bob", bobKeys);
        assertEquals(List.of(), joined.stream().filter(f -> "PrivateMessage".equals(f.getString("msgType"))).toList(),
                "node B had not heard of it when bob joined");
        mailboxes.deliver();
        List<JsonObject> late = privateMessages(bob);
        assertEquals(1, late.size(), "node B hands it to bob when it hears of it");
        assertEquals("racing", late.get(0).getString("clientMsgId"));
        mailboxes.deliver();
        assertEquals(List.of(), privateMessages(bob), "the delivered mark it set brings no second copy");
    }

    @Test
    void aNodeThatMissedChangesReReadsTheSharedMailbox() {
        bobWasHereAndLeft();
        FakeClient alice = prove(nodeA, "alice", aliceKeys);
        sendEncrypted(alice, "bob", "while-c-was-away");
        mailboxes.deliver();
        try (ChatHarness nodeC = node("c")) {
            nodeC.server().resyncMailboxes();
            FakeClient bob = nodeC.connect("10.0.0.2");
            List<String> kept = bob.joinProven("secret", "bob", bobKeys).stream()
                    .filter(f -> "PrivateMessage".equals(f.getString("msgType")))
                    .map(f -> f.getString("clientMsgId")).toList();
            assertEquals(List.of("while-c-was-away"), kept, "node C learnt it from the shared mailbox, not an event");
        }
    }

    @Test
    void aFullSharedMailboxRefusesTheSenderNamingItsMessage() {
        bobWasHereAndLeft();
        FakeClient alice = prove(nodeA, "alice", aliceKeys);
        alice.take();
        mailboxes.refuseNext(MailboxBus.Refusal.FULL);
        sendEncrypted(alice, "bob", "too-many");
        mailboxes.deliver();
        JsonObject refusal = alice.only();
        assertEquals("Error", refusal.getString("msgType"));
        assertEquals("mailbox_full", refusal.getString("code"));
        assertEquals("too-many", refusal.getString("clientMsgId"));

        mailboxes.refuseNext(MailboxBus.Refusal.UNAVAILABLE);
        sendEncrypted(alice, "bob", "redis-away");
        mailboxes.deliver();
        JsonObject busy = alice.only();
        assertEquals("server_busy", busy.getString("code"));
        assertEquals("redis-away", busy.getString("clientMsgId"));

        FakeClient bob = nodeB.connect("10.0.0.2");
        bob.joinProven("secret", "bob", bobKeys);
        mailboxes.deliver();
        assertEquals(List.of(), privateMessages(bob), "nothing refused is kept anywhere");
    }
}
