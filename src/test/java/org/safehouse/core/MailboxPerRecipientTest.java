package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.core.DurablePrivateMessageTest.connect;
import static org.safehouse.core.DurablePrivateMessageTest.privateMessages;
import static org.safehouse.core.DurablePrivateMessageTest.prove;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.TestIdentity;

/**
 * Offline private messages queue per recipient identity (nickname and signing key), with caps per sender, per
 * recipient and per room: one member's flood is refused with {@code mailbox_full} and never evicts what waits for
 * another, and a nickname taken over with another key never receives the earlier key's queue.
 */
class MailboxPerRecipientTest {
    /** Caps small enough to reach: 3 messages per sender, 5 per recipient; the room's history holds 4. */
    static final String CAPS = ",\"history_messages\":4,\"mailbox_messages_per_sender\":3,"
            + "\"mailbox_messages_per_recipient\":5";

    final ChatHarness server = server(CAPS);
    final TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
    final TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
    final TestIdentity malloryKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);

    static ChatHarness server(String limits) {
        return ChatHarness.start("{\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}],"
                + "\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000" + limits + "}}");
    }

    @AfterEach
    void close() {
        server.close();
    }

    FakeClient member(String nick, TestIdentity keys) throws Exception {
        FakeClient client = connect(server);
        prove(client, nick, keys);
        client.connection().take();
        return client;
    }

    /** A member who proves itself once, then goes offline: the room knows its identity. */
    void wasHere(String nick, TestIdentity keys) throws Exception {
        member(nick, keys).close();
    }

    /** Sends an encrypted private message; returns the answer: the sender's copy, or an Error. */
    static JsonObject send(FakeClient sender, String to, String clientMsgId) throws InterruptedException {
        sender.send("{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"" + to + "\","
                + IdentityProofTest.encryptedBody(clientMsgId) + "}");
        return sender.await(frame -> clientMsgId.equals(frame.getString("clientMsgId", null)));
    }

    static List<String> clientIds(List<JsonObject> frames) {
        return privateMessages(frames).stream().map(f -> f.getString("clientMsgId")).toList();
    }

    @Test
    void oneSendersFloodIsRefusedAndNeverEvictsWhatWaitsForAnother() throws Exception {
        wasHere("bob", bobKeys);
        FakeClient alice = member("alice", aliceKeys);
        assertTrue(send(alice, "bob", "from-alice").getBoolean("queued"));
        FakeClient mallory = member("mallory", malloryKeys);
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 20; i++) { // more than the room's history, the recipient's and the sender's cap
            JsonObject answer = send(mallory, "bob", "flood-" + i);
            if ("Error".equals(answer.getString("msgType"))) {
                assertEquals("mailbox_full", answer.getString("code"), answer::toString);
                assertEquals("secret", answer.getString("room"));
                refused.add(answer.getString("clientMsgId"));
            }
        }
        assertEquals(17, refused.size(), "mallory may keep 3 waiting; the rest is refused, and she is told");

        FakeClient bob = connect(server);
        assertEquals(List.of("from-alice", "flood-0", "flood-1", "flood-2"), clientIds(prove(bob, "bob", bobKeys)),
                "alice's message waited through the flood");
    }

    @Test
    void manySendersFillARecipientsQueueButDisplaceNothingWaiting() throws Exception {
        wasHere("bob", bobKeys);
        FakeClient alice = member("alice", aliceKeys);
        assertTrue(send(alice, "bob", "from-alice").getBoolean("queued"));
        List<String> accepted = new ArrayList<>(List.of("from-alice"));
        for (int sender = 0; sender < 3; sender++) {
            FakeClient other = member("sender" + sender, TestIdentity.create(IdentityKeys.ECDSA_P256));
            for (int i = 0; i < 2; i++) {
                String id = "s" + sender + "-" + i;
                if ("PrivateMessage".equals(send(other, "bob", id).getString("msgType"))) {
                    accepted.add(id);
                }
            }
        }
        assertEquals(5, accepted.size(), "bob's queue holds 5");
        FakeClient bob = connect(server);
        assertEquals(accepted, clientIds(prove(bob, "bob", bobKeys)));
    }

    @Test
    void aNicknameTakenOverWithAnotherKeyNeverReceivesThePreviousKeysQueue() throws Exception {
        wasHere("alice", aliceKeys); // alice with K1 goes offline
        FakeClient bob = member("bob", bobKeys);
        assertTrue(send(bob, "alice", "for-k1-a").getBoolean("queued"));
        assertTrue(send(bob, "alice", "for-k1-b").getBoolean("queued"));

        TestIdentity otherKey = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient squatter = connect(server);
        assertEquals(List.of(), clientIds(prove(squatter, "alice", otherKey)), "K2 receives nothing of K1's");
        squatter.connection().take();
        JsonObject live = send(bob, "alice", "for-k2");
        assertFalse(live.getBoolean("queued", false), "K2 is online: relayed at once");
        squatter.close();

        FakeClient alice = connect(server);
        assertEquals(List.of("for-k1-a", "for-k1-b"), clientIds(prove(alice, "alice", aliceKeys)),
                "K1 gets its own queue back, and nothing sent to K2");
    }

    @Test
    void aConversationWithAnOnlineRecipientNeverStallsOnTheCaps() throws Exception {
        FakeClient bob = member("bob", bobKeys);
        FakeClient alice = member("alice", aliceKeys);
        for (int i = 0; i < 10; i++) { // past the sender's cap: delivered messages make room, oldest first
            JsonObject copy = send(alice, "bob", "live-" + i);
            assertEquals("PrivateMessage", copy.getString("msgType"), copy::toString);
            assertFalse(copy.getBoolean("queued", false));
        }
        assertEquals(10, privateMessages(bob.connection().takeJson()).size(), "bob got every one live");
        bob.close();
        FakeClient bobAgain = connect(server);
        assertEquals(List.of("live-7", "live-8", "live-9"), clientIds(prove(bobAgain, "bob", bobKeys)),
                "a later join shows alice's newest three: what her cap keeps");
    }

    @Test
    void aMessageToAnOnlineMemberIsRelayedEvenWhenTheSendersShareIsFullOfWaitingOnes() throws Exception {
        wasHere("bob", bobKeys);
        FakeClient alice = member("alice", aliceKeys);
        FakeClient mallory = member("mallory", malloryKeys);
        for (int i = 0; i < 3; i++) {
            assertTrue(send(mallory, "bob", "waiting-" + i).getBoolean("queued"));
        }
        alice.connection().take();
        JsonObject copy = send(mallory, "alice", "to-alice");
        assertEquals("PrivateMessage", copy.getString("msgType"), "relayed, only not kept");
        assertEquals(List.of("to-alice"), clientIds(alice.connection().takeJson()));
        alice.close();
        FakeClient aliceAgain = connect(server);
        assertEquals(List.of(), clientIds(prove(aliceAgain, "alice", aliceKeys)), "it was not kept");
    }

    @Test
    void freshIdentitiesFromOneAddressShareItsCap() throws Exception {
        ChatHarness small = server(",\"mailbox_messages_per_address_group\":5");
        try {
            FakeClient bob = connect(small);
            prove(bob, "bob", bobKeys);
            bob.close();
            int kept = 0;
            for (int identity = 0; identity < 4; identity++) { // a new key and name each time, from one address
                FakeClient sybil = small.connect("192.0.2.7");
                prove(sybil, "sybil" + identity, TestIdentity.create(IdentityKeys.ECDSA_P256));
                for (int i = 0; i < 3; i++) {
                    JsonObject answer = send(sybil, "bob", "s" + identity + "-" + i);
                    kept += "PrivateMessage".equals(answer.getString("msgType")) ? 1 : 0;
                }
                sybil.close();
            }
            assertEquals(5, kept, "192.0.2.7 keeps 5 in all, not 3 per identity");
            FakeClient alice = connect(small); // from 10.0.0.1
            prove(alice, "alice", aliceKeys);
            assertTrue(send(alice, "bob", "from-alice").getBoolean("queued"), "another address is unaffected");
        } finally {
            small.close();
        }
    }
}
