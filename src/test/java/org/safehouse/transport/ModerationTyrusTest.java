package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * Moderation across reconnects, over real sockets on Tyrus: a banned key cannot come back under a new nickname, a
 * banned address group cannot come back with a new key, and a kicked Ragnarok client is closed with 4007. Every
 * client here connects from 127.0.0.1, one address group.
 */
class ModerationTyrusTest {
    private static final TestIdentity ALICE = TestIdentity.create(TestIdentity.ECDSA);

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"default_room": "hall", "rooms": [{"name": "hall", "owner_key": "%s"}],
             "limits": {"presence_interval_ms": 20}}
            """.formatted(ALICE.fingerprint()));

    private static WsTestClient chat() {
        WsTestClient client = WsTestClient.connect(TYRUS.uri("/chat"));
        client.awaitType("Hello");
        return client;
    }

    /** A keyed Join; returns the Challenge or the Error that answered it. */
    private static JsonObject keyedJoin(WsTestClient client, String room, String nick, TestIdentity keys) {
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("keys", keys.keys()).build().toString());
        return client.await(f -> "Challenge".equals(WsTestClient.type(f)) || "Error".equals(WsTestClient.type(f)));
    }

    @Test
    void aBannedKeyCannotRejoinUnderANewNickname() {
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        try (WsTestClient alice = chat(); WsTestClient bob = chat()) {
            assertEquals("owner", ALICE.joinProven(alice, "keyed-ban", "alice", "").getString("role"));
            bobKeys.joinProven(bob, "keyed-ban", "bob", "");
            alice.send(ModerationRequests.banKinds("keyed-ban", "bob", "key"));
            assertEquals("banned", bob.awaitType("Removed").getString("reason"));
            assertEquals("ban", alice.awaitType("RoomEvent").getString("event"));
            try (WsTestClient again = chat()) {
                JsonObject refused = keyedJoin(again, "keyed-ban", "robert", bobKeys);
                assertEquals("banned", refused.getString("code"), refused::toString);
                TestIdentity fresh = TestIdentity.create(TestIdentity.ED25519);
                assertEquals("Joined", WsTestClient.type(fresh.joinProven(again, "keyed-ban", "robert", "")),
                        "a key ban leaves the address and other keys alone");
            }
        }
    }

    @Test
    void aBannedAddressGroupCannotRejoinWithANewKey() {
        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        try (WsTestClient alice = chat(); WsTestClient carol = chat()) {
            ALICE.joinProven(alice, "address-ban", "alice", "");
            carolKeys.joinProven(carol, "address-ban", "carol", "");
            alice.send(ModerationRequests.ban("address-ban", "carol", "flooding", null));
            assertEquals("flooding", carol.awaitType("Removed").getString("text"));
            JsonObject refused = keyedJoin(carol, "address-ban", "caroline",
                    TestIdentity.create(TestIdentity.ECDSA));
            assertEquals("banned", refused.getString("code"), refused::toString);
            carol.join("address-ban", "anon", null);
            assertEquals("banned", carol.awaitType("Error").getString("code"), "nor without a key");
        }
    }

    @Test
    void aKickedRagnarokClientIsClosedWith4007() {
        try (WsTestClient alice = chat(); WsTestClient ragnar = WsTestClient.connect(TYRUS.uri("/ragnarok"))) {
            ALICE.joinProven(alice, "hall", "alice", "");
            ragnar.send("any password").send("ragnar");
            ragnar.awaitType("OnlineUsers");
            alice.send(ModerationRequests.kick("hall", "ragnar", "bye"));
            assertEquals("kicked", ragnar.awaitType("Removed").getString("reason"));
            assertEquals(CloseCode.REMOVED.code(), ragnar.awaitClose());
        }
    }
}
