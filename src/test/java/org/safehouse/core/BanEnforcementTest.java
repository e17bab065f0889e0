package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.TestIdentity;

/**
 * Where bans hold, across reconnects: a join is refused {@code banned} before its password is looked at, by key
 * under any nickname, by address group under any key, by nickname from anywhere; until the ban ends or is lifted.
 */
class BanEnforcementTest {
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000}}");
    final TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ECDSA);
    final TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);

    @AfterEach
    void close() {
        harness.close();
    }

    /** Alice founds the room with her keys (its owner); Bob, from 10.0.0.2, joins it with his. */
    FakeClient aliceWithBob(String room, String password) {
        FakeClient alice = harness.connect("10.0.0.1");
        assertEquals("Joined", joinProven(alice, room, "alice", aliceKeys, password).getString("msgType"));
        FakeClient bob = harness.connect("10.0.0.2");
        assertEquals("Joined", joinProven(bob, room, "bob", bobKeys, password).getString("msgType"));
        alice.take();
        return alice;
    }

    /** A keyed Join with this password (empty: none), then the Prove; the first frame that answered the proof. */
    static JsonObject joinProven(FakeClient client, String room, String nick, TestIdentity keys, String password) {
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("password", password).add("keys", keys.keys()).build().toString());
        String challenge = client.expect("Challenge").getString("challenge");
        return client.prove(room, keys.sign(challenge, room, nick)).get(0);
    }

    static String code(List<JsonObject> answers) {
        JsonObject last = answers.get(answers.size() - 1);
        assertEquals("Error", last.getString("msgType"), answers::toString);
        return last.getString("code");
    }

    @Test
    void aBannedJoinerIsRefusedBeforeItsPasswordIsChecked() {
        FakeClient alice = aliceWithBob("vault", "correct horse");
        alice.send(ModerationRequests.ban("vault", "bob", "spam", null));
        FakeClient again = harness.connect("10.0.0.2");
        List<JsonObject> answers = again.join("vault", "robert", "a wrong password");
        assertEquals("banned", code(answers));
        assertTrue(answers.get(answers.size() - 1).getString("text").contains("spam"));
        FakeClient stranger = harness.connect("10.0.0.3");
        assertEquals("wrong_password", code(stranger.join("vault", "robert", "a wrong password")),
                "a wrong password from elsewhere is still just that");
    }

    @Test
    void aBannedKeyIsRefusedUnderANewNicknameFromANewAddress() {
        FakeClient alice = aliceWithBob("attic", "");
        alice.send(ModerationRequests.banKinds("attic", "bob", "key"));
        FakeClient elsewhere = harness.connect("10.9.9.9");
        elsewhere.send(org.safehouse.testing.ClientFrames.joinWithKeys("attic", "robert", bobKeys));
        assertEquals("banned", elsewhere.expect("Error").getString("code"));
        assertEquals("Joined", elsewhere.join("attic", "robert").get(0).getString("msgType"),
                "without that key the same person is not recognised: a key ban is only a key ban");
    }

    @Test
    void aBannedAddressGroupIsRefusedWithANewKeyAndANewNicknameButNotItsNeighbours() {
        FakeClient alice = aliceWithBob("attic", "");
        alice.send(ModerationRequests.banKinds("attic", "bob", "address"));
        FakeClient sameGroup = harness.connect("10.0.0.2");
        assertEquals("banned", code(sameGroup.join("attic", "someone")));
        FakeClient neighbour = harness.connect("10.0.0.3");
        assertEquals("Joined", neighbour.join("attic", "bob").get(0).getString("msgType"),
                "an address ban holds the address group, not the nickname");
        alice.close();
        FakeClient aliceAgain = harness.connect("10.0.0.2");
        assertEquals("Joined", joinProven(aliceAgain, "attic", "alice", aliceKeys, "").getString("msgType"),
                "the owner's key is not shut out of its room by a ban of an address it shares");
    }

    @Test
    void aBanEndsAfterItsDurationAndAnUnbanLiftsItAtOnce() {
        FakeClient alice = aliceWithBob("attic", "");
        alice.send(ModerationRequests.ban("attic", "bob", null, 60_000L));
        FakeClient bob = harness.connect("10.0.0.2");
        assertEquals("banned", code(bob.join("attic", "bob")));
        harness.clock().advance(60_000);
        assertEquals("Joined", bob.join("attic", "bob").get(0).getString("msgType"));
        bob.leave("attic");
        FakeClient carol = harness.connect("10.0.0.3");
        carol.expectJoined("attic", "carol");
        alice.send(ModerationRequests.ban("attic", "carol"));
        alice.take();
        alice.send(ModerationRequests.listBans("attic"));
        String id = alice.expect("Bans").getJsonArray("bans").getJsonObject(0).getString("id");
        assertEquals("banned", code(carol.join("attic", "carol")));
        alice.send(ModerationRequests.unban("attic", id));
        JsonObject line = alice.expect("RoomEvent");
        assertEquals("unban", line.getString("event"));
        assertEquals("carol", line.getString("target"));
        assertEquals("Joined", carol.join("attic", "carol").get(0).getString("msgType"));
    }

    @Test
    void aJoinBannedWhileProvingItsKeysDoesNotEnter() {
        FakeClient alice = aliceWithBob("attic", "");
        FakeClient bob2 = harness.connect("10.0.0.7");
        String challenge = bob2.requestChallenge("attic", "bobby", bobKeys);
        alice.send(ModerationRequests.banKinds("attic", "bob", "key"));
        assertEquals("banned", code(bob2.prove("attic", bobKeys.sign(challenge, "attic", "bobby"))));
        assertEquals(List.of("alice"), harness.server().members("attic"));
    }

    @Test
    void aRagnarokClientIsRefusedWith4007ByAddressAtItsPasswordAndByNicknameAtItsNickname() {
        ChatHarness lobby = ChatHarness.start("{\"default_room\":\"lobby\",\"rooms\":[{\"name\":\"lobby\","
                + "\"owner_key\":\"" + aliceKeys.fingerprint() + "\"}]}");
        FakeClient alice = lobby.connect("10.0.0.1");
        alice.joinProven("lobby", "alice", aliceKeys);
        FakeClient ragnar = lobby.ragnarok("10.0.0.9", "x", "ragnar");
        FakeClient loki = lobby.ragnarok("10.0.0.8", "x", "loki");
        alice.send(ModerationRequests.ban("lobby", "ragnar"));
        alice.send(ModerationRequests.banKinds("lobby", "loki", "nick"));
        assertEquals(CloseCode.REMOVED, ragnar.closedWith());
        assertEquals(CloseCode.REMOVED, loki.closedWith());
        FakeClient back = lobby.open("10.0.0.9", true);
        back.send("x");
        assertEquals("banned", back.expect("Error").getString("code"));
        assertEquals(CloseCode.REMOVED, back.closedWith(), "refused at the password frame");
        FakeClient renamed = lobby.ragnarok("10.0.0.7", "x", "Loki");
        assertEquals("banned", renamed.expect("Error").getString("code"));
        assertEquals(CloseCode.REMOVED, renamed.closedWith(), "refused at the nickname frame");
        assertEquals(List.of("alice"), lobby.server().members("lobby"));
        lobby.close();
    }
}
