package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * A sealed room over real sockets on Tyrus: asked about before joining, created with its seal, joined by a page that
 * knows it is sealed (an unaware one is refused), and a sealed message crosses from one socket to another unchanged.
 */
class SealedRoomTyrusTest {
    private static final String PASSWORD = "correct horse battery staple";

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("{\"default_room\": \"hall\"}");

    private static WsTestClient chat() {
        WsTestClient client = WsTestClient.connect(TYRUS.uri("/chat"));
        client.awaitType("Hello");
        return client;
    }

    private static JsonObject joinProven(WsTestClient client, String join, String nick, TestIdentity keys) {
        client.send(join);
        String challenge = client.awaitType("Challenge").getString("challenge");
        TestIdentity.prove(client, "vault", keys.sign(challenge, "vault", nick));
        return client.awaitType("Joined");
    }

    @Test
    void aSealedMessageCrossesSocketsAsItWasSealedAndAnUnawareClientStaysOut() {
        try (WsTestClient alice = chat(); WsTestClient bob = chat(); WsTestClient old = chat()) {
            alice.send(SealedFrames.sealInfo("vault"));
            assertFalse(alice.awaitType("SealInfo").getBoolean("sealed"));
            TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ED25519);
            joinProven(alice, SealedFrames.create("vault", "alice", aliceKeys, PASSWORD), "alice", aliceKeys);

            bob.send(SealedFrames.sealInfo("vault"));
            assertEquals(SealedFrames.SALT, bob.awaitType("SealInfo").getString("salt"));
            TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
            JsonObject joined = joinProven(bob, SealedFrames.join("vault", "bob", bobKeys, PASSWORD, true), "bob",
                    bobKeys);
            assertEquals(SealedFrames.SALT, joined.getJsonObject("seal").getString("salt"));

            old.send(SealedFrames.join("vault", "carol", TestIdentity.create(TestIdentity.ED25519), PASSWORD, false));
            assertEquals("vault", old.awaitError("sealed_room").getString("room"));

            alice.send(SealedFrames.broadcast("vault", "m1", "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc="));
            JsonObject received = bob.awaitType("Broadcast");
            assertEquals(SealedFrames.body("c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc="), received.getJsonObject("sealed"));
            assertEquals("alice", received.getString("SrcUser"));
            assertFalse(received.containsKey("text"));
        }
    }
}
