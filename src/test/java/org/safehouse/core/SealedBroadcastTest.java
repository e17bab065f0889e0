package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertError;

import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/** Sealed room messages: relayed and kept as the sender sealed them; plain text refused in a sealed room. */
class SealedBroadcastTest {
    static final String PASSWORD = "correct horse battery staple";
    /** "sealed text and its tag", as a page's AES-GCM output would stand there. */
    static final String CIPHERTEXT = "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc=";
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"message_burst\":100,\"max_text_chars\":100}}");

    FakeClient member(String join, String nick, TestIdentity keys) {
        FakeClient client = harness.connect("10.0.0.1");
        client.send(join);
        String challenge = client.expect("Challenge").getString("challenge");
        List<JsonObject> joined = client.prove("vault", keys.sign(challenge, "vault", nick));
        assertEquals("Joined", joined.get(0).getString("msgType"), joined::toString);
        return client;
    }

    FakeClient alice() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        return member(SealedFrames.create("vault", "alice", keys, PASSWORD), "alice", keys);
    }

    FakeClient bob() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        return member(SealedFrames.join("vault", "bob", keys, PASSWORD, true), "bob", keys);
    }

    /** The Broadcast a member received (the first frame of that type). */
    static JsonObject broadcastIn(FakeClient client) {
        return client.connection().takeJson().stream().filter(f -> "Broadcast".equals(f.getString("msgType")))
                .findFirst().orElseThrow(() -> new AssertionError("no Broadcast"));
    }

    @Test
    void aSealedMessageReachesEveryMemberAsItsSenderSealedItWithNoText() {
        FakeClient alice = alice();
        FakeClient bob = bob();
        harness.tick();
        alice.connection().take();
        bob.connection().take();

        alice.send(SealedFrames.broadcast("vault", "m1", CIPHERTEXT));
        List<JsonObject> toAlice = alice.connection().takeJson();
        JsonObject received = broadcastIn(bob);
        assertEquals(SealedFrames.body(CIPHERTEXT), received.getJsonObject("sealed"), "the body, unchanged");
        assertEquals("m1", received.getString("clientMsgId"), "bound into the AAD: readers need it");
        assertEquals("alice", received.getString("SrcUser"));
        assertTrue(!received.containsKey("text"), "no text field: " + received);
        assertEquals(received, toAlice.get(0), "the sender's echo is the same frame");
        assertEquals("Ack", toAlice.get(1).getString("msgType"));
        assertEquals(received.getString("id"), toAlice.get(1).getString("id"));
    }

    @Test
    void aNewcomerAndAPageOfHistoryGetTheSealedMessageByteForByte() {
        FakeClient alice = alice();
        alice.send(SealedFrames.broadcast("vault", "m1", CIPHERTEXT));
        JsonObject live = broadcastIn(alice);

        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient carol = harness.connect("10.0.0.3");
        carol.send(SealedFrames.join("vault", "carol", carolKeys, PASSWORD, true));
        String challenge = carol.expect("Challenge").getString("challenge");
        JsonObject joined = carol.prove("vault", carolKeys.sign(challenge, "vault", "carol")).get(0);
        assertEquals(List.of(live), joined.getJsonArray("history"));
        carol.send("{\"msgType\":\"History\",\"room\":\"vault\"}");
        assertEquals(List.of(live), carol.only().getJsonArray("messages"));
    }

    @Test
    void plainTextInASealedRoomIsRefusedAndDeliveredToNobody() {
        FakeClient alice = alice();
        FakeClient bob = bob();
        harness.tick();
        bob.connection().take();
        alice.connection().take();
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"vault\",\"text\":\"in clear\",\"clientMsgId\":\"p1\"}");
        JsonObject refusal = alice.only();
        assertError("encryption_required", "vault", refusal);
        assertEquals("p1", refusal.getString("clientMsgId"));
        assertEquals(List.of(), bob.connection().take());
    }

    @Test
    void aSealedMessageInARoomThatIsNotSealedIsRefusedSoRagnarokMembersNeverGetAnEmptyLine() {
        FakeClient ann = harness.connect("10.0.0.1");
        ann.expectJoined("den", "ann");
        ann.send(SealedFrames.broadcast("den", "m1", CIPHERTEXT));
        assertError("bad_field", "den", ann.only());
    }

    @Test
    void aCiphertextBeyondWhatTheTextLimitAllowsIsRefused() {
        FakeClient alice = alice();
        alice.connection().take();
        long max = SealedMessages.maxCiphertextChars(100);
        String longest = Base64.getEncoder().encodeToString(new byte[(int) (max / 4 * 3)]);
        assertEquals(max, longest.length());
        alice.send(SealedFrames.broadcast("vault", "m1", longest));
        assertEquals("Broadcast", alice.connection().takeJson().get(0).getString("msgType"), "the longest passes");
        String tooLong = Base64.getEncoder().encodeToString(new byte[(int) (max / 4 * 3) + 3]);
        alice.send(SealedFrames.broadcast("vault", "m2", tooLong));
        assertError("text_too_long", "vault", alice.only());
    }

    @Test
    void aSealedMessageNeedsAClientMsgIdAndAWellFormedBody() {
        FakeClient alice = alice();
        alice.connection().take();
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"vault\",\"sealed\":" + SealedFrames.body(CIPHERTEXT) + "}");
        assertError("bad_field", "vault", alice.only());
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"vault\",\"clientMsgId\":\"m1\",\"sealed\":"
                + SealedFrames.body("not base64!") + "}");
        assertError("bad_field", "vault", alice.only());
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"vault\",\"clientMsgId\":\"m1\",\"text\":\"x\",\"sealed\":"
                + SealedFrames.body(CIPHERTEXT) + "}");
        assertError("bad_field", "vault", alice.only());
    }

    @Test
    void aResentSealedMessageIsAcknowledgedAgainNotDeliveredAgain() {
        FakeClient alice = alice();
        FakeClient bob = bob();
        harness.tick();
        alice.connection().take();
        bob.connection().take();
        alice.send(SealedFrames.broadcast("vault", "m1", CIPHERTEXT));
        String id = broadcastIn(bob).getString("id");
        alice.connection().take();
        alice.send(SealedFrames.broadcast("vault", "m1", CIPHERTEXT));
        JsonObject ack = alice.only();
        assertEquals("Ack", ack.getString("msgType"));
        assertEquals(id, ack.getString("id"));
        assertEquals(List.of(), bob.connection().take());
    }
}
