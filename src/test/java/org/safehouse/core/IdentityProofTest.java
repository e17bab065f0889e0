package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.TestIdentity;

/** Proof of key ownership on join, and end-to-end encrypted private messages relayed as opaque ciphertext. */
class IdentityProofTest {
    final ChatHarness harness = ChatHarness.start("{\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}]}");
    final MutableClock clock = harness.clock();
    final ChatServer server = harness.server();

    FakeClient connect() {
        return harness.connect("10.0.0.1");
    }

    String challenge(FakeClient client, String room, String nick, TestIdentity identity) {
        String challenge = client.requestChallenge(room, nick, identity);
        assertEquals(44, challenge.length(), "32 random bytes");
        return challenge;
    }

    JsonObject prove(FakeClient client, String room, String signature) {
        return client.prove(room, signature).get(0);
    }

    FakeClient provenMember(String room, String nick, TestIdentity identity) throws Exception {
        FakeClient client = connect();
        String challenge = challenge(client, room, nick, identity);
        JsonObject joined = prove(client, room, identity.sign(challenge, room, nick));
        assertEquals("Joined", joined.getString("msgType"), joined::toString);
        return client;
    }

    @Test
    void aMemberAppearsOnlineOnlyAfterSigningTheChallenge() throws Exception {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient client = connect();
        String challenge = challenge(client, "secret", "alice", alice);
        assertEquals(List.of(), server.members("secret"), "not online before the proof");
        JsonObject joined = prove(client, "secret", alice.sign(challenge, "secret", "alice"));
        assertEquals(List.of("alice"), server.members("secret"));
        assertTrue(joined.getBoolean("requireEncryption"));
        assertEquals(alice.keys().getString("agreement"),
                joined.getJsonObject("keys").getJsonObject("alice").getString("agreement"));
    }

    @Test
    void othersLearnANewcomersKeysWithThePresenceDelta() throws Exception {
        FakeClient alice = provenMember("secret", "alice", TestIdentity.create(IdentityKeys.ECDSA_P256));
        harness.tick();
        alice.connection().take();
        clock.advance(1000);
        TestIdentity bob = TestIdentity.create(IdentityKeys.ED25519);
        provenMember("secret", "bob", bob);
        harness.tick();
        JsonObject presence = alice.expect("Presence");
        assertEquals(IdentityKeys.ED25519, presence.getJsonObject("keys").getJsonObject("bob").getString("algorithm"));
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity mallory = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient client = connect();
        String challenge = challenge(client, "secret", "alice", alice);
        JsonObject error = prove(client, "secret", mallory.sign(challenge, "secret", "alice"));
        assertEquals("bad_signature", error.getString("code"));
        assertEquals(List.of(), server.members("secret"));
        assertEquals("bad_signature", prove(client, "secret", alice.sign(challenge, "secret", "alice"))
                .getString("code"), "the challenge was single-use");
    }

    @Test
    void aReplayedSignatureFromAnEarlierChallengeIsRefused() throws Exception {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient first = connect();
        String oldChallenge = challenge(first, "secret", "alice", alice);
        String captured = alice.sign(oldChallenge, "secret", "alice");
        prove(first, "secret", captured);
        server.closed(first.session());
        FakeClient attacker = connect();
        challenge(attacker, "secret", "alice", alice); // the attacker knows the public keys, not the private ones
        assertEquals("bad_signature", prove(attacker, "secret", captured).getString("code"));
        assertEquals(List.of(), server.members("secret"));
    }

    @Test
    void aSignatureForAnotherRoomOrNameDoesNotCount() throws Exception {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient client = connect();
        String challenge = challenge(client, "secret", "alice", alice);
        assertEquals("bad_signature", prove(client, "secret", alice.sign(challenge, "secret", "bob"))
                .getString("code"));
    }

    @Test
    void anExpiredChallengeIsRefused() throws Exception {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient client = connect();
        String challenge = challenge(client, "secret", "alice", alice);
        clock.advance(PendingJoin.TIMEOUT_MILLIS + 1);
        assertEquals("bad_signature", prove(client, "secret", alice.sign(challenge, "secret", "alice"))
                .getString("code"));
    }

    @Test
    void malformedKeysAreRefused() {
        FakeClient client = connect();
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"secret\",\"nick\":\"a\","
                + "\"keys\":{\"agreement\":\"AAAA\",\"signing\":\"AAAA\",\"algorithm\":\"RSA\"}}");
        assertEquals("bad_keys", client.connection().takeJson().get(0).getString("code"));
    }

    @Test
    void anEncryptedRoomNeedsKeysAndRefusesPlainPrivateMessages() throws Exception {
        FakeClient plain = connect();
        server.receive(plain.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"secret\",\"nick\":\"p\"}");
        assertEquals("keys_required", plain.connection().takeJson().get(0).getString("code"));
        FakeClient alice = provenMember("secret", "alice", TestIdentity.create(IdentityKeys.ECDSA_P256));
        provenMember("secret", "bob", TestIdentity.create(IdentityKeys.ECDSA_P256));
        server.receive(alice.session(), "{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"bob\","
                + "\"text\":\"in clear\"}");
        assertEquals("encryption_required", alice.connection().takeJson().get(0).getString("code"));
    }

    @Test
    void encryptedPrivateMessagesAreRelayedOpaqueToTheTargetOnly() throws Exception {
        FakeClient alice = provenMember("secret", "alice", TestIdentity.create(IdentityKeys.ECDSA_P256));
        FakeClient bob = provenMember("secret", "bob", TestIdentity.create(IdentityKeys.ECDSA_P256));
        FakeClient carol = provenMember("secret", "carol", TestIdentity.create(IdentityKeys.ECDSA_P256));
        alice.connection().take();
        bob.connection().take();
        carol.connection().take();
        String body = "\"clientMsgId\":\"m-1\",\"ciphertext\":\"" + Base64.getEncoder().encodeToString(new byte[40])
                + "\",\"iv\":\"" + Base64.getEncoder().encodeToString(new byte[12]) + "\",\"counter\":7,"
                + "\"signature\":\"" + Base64.getEncoder().encodeToString(new byte[64]) + "\"";
        server.receive(alice.session(), "{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"bob\","
                + body + "}");
        List<JsonObject> toBob = bob.connection().takeJson();
        assertEquals(1, toBob.size(), () -> "alice got " + alice.connection().take());
        JsonObject atBob = toBob.get(0);
        assertEquals("alice", atBob.getString("SrcUser"));
        assertFalse(atBob.containsKey("text"));
        assertEquals(7, atBob.getInt("counter"));
        assertEquals("m-1", atBob.getString("clientMsgId"));
        assertEquals("bob", alice.connection().takeJson().get(0).getString("TgtUser"));
        assertEquals(List.of(), carol.connection().take());
        server.receive(alice.session(), "{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"bob\","
                + body.replace("\"iv\":\"AAAAAAAAAAAAAAAA\"", "\"iv\":\"AAAA\"") + "}");
        assertEquals("bad_field", alice.connection().takeJson().get(0).getString("code"));
    }

    @Test
    void anAbandonedJoinDoesNotLeaveACreatedRoomBehind() throws Exception {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient client = connect();
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"fresh\",\"nick\":\"a\","
                + "\"password\":\"pw\",\"requireEncryption\":true,\"keys\":" + alice.keys() + "}");
        assertEquals("Challenge", client.connection().takeJson().get(0).getString("msgType"));
        harness.tickAfter(PendingJoin.TIMEOUT_MILLIS + 1);
        FakeClient other = connect();
        server.receive(other.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"fresh\",\"nick\":\"b\","
                + "\"password\":\"other\"}");
        JsonObject joined = other.connection().takeJson().get(0);
        assertEquals("Joined", joined.getString("msgType"), "the room was gone and is created anew, unencrypted");
        assertFalse(joined.getBoolean("requireEncryption"));
    }

    static String encryptedBody(String clientMsgId) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "\"clientMsgId\":\"" + clientMsgId + "\",\"ciphertext\":\"" + b64.encodeToString(new byte[40])
                + "\",\"iv\":\"" + b64.encodeToString(new byte[12]) + "\",\"counter\":1,\"signature\":\""
                + b64.encodeToString(new byte[64]) + "\"";
    }

    @Test
    void anEncryptedMessageToAnOfflineIdentityWaitsForItsNextProvenJoinOnly() throws Exception {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient alice = provenMember("secret", "alice", TestIdentity.create(IdentityKeys.ECDSA_P256));
        FakeClient bob = provenMember("secret", "bob", bobKeys);
        server.closed(bob.session()); // bob goes offline
        alice.connection().take();
        server.receive(alice.session(), "{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"bob\","
                + encryptedBody("later-1") + "}");
        JsonObject copy = alice.connection().takeJson().get(0);
        assertEquals("bob", copy.getString("TgtUser"));
        assertTrue(copy.getBoolean("queued"), "the sender learns it waits");

        TestIdentity otherKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        FakeClient impostor = connect();
        String impostorChallenge = challenge(impostor, "secret", "bob", otherKeys);
        server.receive(impostor.session(), "{\"msgType\":\"Prove\",\"room\":\"secret\",\"signature\":\""
                + otherKeys.sign(impostorChallenge, "secret", "bob") + "\"}");
        List<JsonObject> impostorFrames = impostor.connection().takeJson();
        assertEquals("Joined", impostorFrames.get(0).getString("msgType"));
        assertTrue(impostorFrames.stream()
                .noneMatch(f -> "PrivateMessage".equals(f.getString("msgType"))), "another key gets nothing");
        server.closed(impostor.session());

        FakeClient back = connect();
        String challenge = challenge(back, "secret", "bob", bobKeys);
        server.receive(back.session(), "{\"msgType\":\"Prove\",\"room\":\"secret\",\"signature\":\""
                + bobKeys.sign(challenge, "secret", "bob") + "\"}");
        List<JsonObject> delivered = back.connection().takeJson().stream()
                .filter(f -> "PrivateMessage".equals(f.getString("msgType"))).toList();
        assertEquals(1, delivered.size());
        assertEquals("alice", delivered.get(0).getString("SrcUser"));
        assertEquals("later-1", delivered.get(0).getString("clientMsgId"));
        assertFalse(delivered.get(0).containsKey("TgtUser"));
    }

    @Test
    void aNicknameNeverSeenWithKeysCannotBeWrittenToOffline() throws Exception {
        FakeClient alice = provenMember("secret", "alice", TestIdentity.create(IdentityKeys.ECDSA_P256));
        alice.connection().take();
        server.receive(alice.session(), "{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"ghost\","
                + encryptedBody("g-1") + "}");
        assertEquals("unknown_recipient", alice.connection().takeJson().get(0).getString("code"));
    }
}
