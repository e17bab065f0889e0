package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;
import static org.safehouse.testing.Frames.json;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/**
 * A sealed room's panic wipe is a rotation too: it needs a new salt (refused, changing nothing, without one or with
 * the current one), and the wiped room goes on under the new seal with the new verifier, so the old password and the
 * old room key let nobody in. A room that is not sealed takes no salt; the operator's server wipe keeps each seal.
 */
class SealedRoomWipeTest {
    static final String PASSWORD = "correct horse battery staple";
    static final String NEW_PASSWORD = "a new secret after the wipe";
    static final String CIPHERTEXT = "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc=";
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"message_burst\":100}}");
    final TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ED25519);

    @AfterEach
    void close() {
        harness.close();
    }

    /** Sends the Join, signs the challenge; returns what answered the proof (Joined first), or the refusal. */
    List<JsonObject> joinProven(FakeClient client, String join, String nick, TestIdentity keys) {
        client.send(join);
        JsonObject answer = client.connection().takeJson().get(0);
        if (!"Challenge".equals(answer.getString("msgType"))) {
            return List.of(answer);
        }
        return client.prove("vault", keys.sign(answer.getString("challenge"), "vault", nick));
    }

    /** alice creates the sealed room vault; bob joins it; alice sends a sealed message both see. */
    List<FakeClient> vaultWithAliceAndBob() {
        FakeClient alice = harness.connect("10.0.0.1");
        assertEquals("owner", joinProven(alice, SealedFrames.create("vault", "alice", aliceKeys, PASSWORD), "alice",
                aliceKeys).get(0).getString("role"));
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient bob = harness.connect("10.0.0.2");
        assertEquals("Joined", joinProven(bob, SealedFrames.join("vault", "bob", bobKeys, PASSWORD, true), "bob",
                bobKeys).get(0).getString("msgType"));
        alice.send(SealedFrames.broadcast("vault", "m1", CIPHERTEXT));
        harness.tick();
        alice.take();
        bob.take();
        return List.of(alice, bob);
    }

    JsonObject sealInfo(String room) {
        FakeClient asker = harness.connect("10.0.0.9");
        asker.send(SealedFrames.sealInfo(room));
        return asker.only();
    }

    @Test
    void aSealedRoomsWipeWithoutANewSaltIsRefusedAndChangesNothing() {
        List<FakeClient> members = vaultWithAliceAndBob();
        FakeClient alice = members.get(0);

        alice.send(SealedFrames.wipe("vault", NEW_PASSWORD, null));
        JsonObject refused = alice.only();
        assertError("bad_field", "vault", refused);
        assertEquals("a sealed room's wipe comes with a new salt: its new password makes a new room key",
                refused.getString("text"));
        alice.send(SealedFrames.wipe("vault", NEW_PASSWORD, SealedFrames.SALT));
        refused = alice.only();
        assertError("bad_field", "vault", refused);
        assertEquals("a sealed room's wipe needs a new salt, not its current one", refused.getString("text"));
        alice.send(SealedFrames.wipe("vault", NEW_PASSWORD, "c2FsdHNhbHRzYWx0c2FsdB==")); // the same 16 bytes
        assertError("bad_field", "vault", alice.only());

        assertEquals(List.of(), members.get(1).take(), "bob is still in the room, told of nothing");
        assertEquals(SealedFrames.SALT, sealInfo("vault").getString("salt"));
        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        JsonObject joined = joinProven(harness.connect("10.0.0.3"),
                SealedFrames.join("vault", "carol", carolKeys, PASSWORD, true), "carol", carolKeys).get(0);
        assertEquals(1, joined.getJsonArray("history").size(), "the history is still there: " + joined);
    }

    @Test
    void aSealedRoomsWipeWithANewSaltGoesOnUnderTheNewSealAndOnlyTheNewPasswordJoins() {
        List<FakeClient> members = vaultWithAliceAndBob();
        FakeClient alice = members.get(0);

        alice.send(SealedFrames.wipe("vault", NEW_PASSWORD, SealedFrames.NEW_SALT));

        for (FakeClient member : members) {
            List<JsonObject> frames = member.takeJson();
            assertFrame("{'msgType':'Removed','room':'vault','reason':'wiped','by':'alice',"
                    + "'text':'this room was wiped'}", frames.stream()
                    .filter(f -> "Removed".equals(f.getString("msgType"))).reduce((a, b) -> b).orElseThrow());
            assertFalse(frames.toString().contains(CIPHERTEXT), "nothing of the old content: " + frames);
        }
        assertEquals(json("{'msgType':'SealInfo','room':'vault','sealed':true,'salt':'" + SealedFrames.NEW_SALT
                + "','kdf':'argon2id-v1'}"), sealInfo("vault"));

        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient carol = harness.connect("10.0.0.3");
        assertError("wrong_password", "vault", joinProven(carol,
                SealedFrames.join("vault", "carol", carolKeys, PASSWORD, true), "carol", carolKeys).get(0));
        JsonObject joined = joinProven(carol, SealedFrames.join("vault", "carol", carolKeys, NEW_PASSWORD, true),
                "carol", carolKeys).get(0);
        assertEquals("Joined", joined.getString("msgType"), joined::toString);
        assertEquals(json("{'salt':'" + SealedFrames.NEW_SALT + "','kdf':'argon2id-v1'}"),
                joined.getJsonObject("seal"));
        assertEquals(0, joined.getJsonArray("history").size(), "the history is gone");

        JsonObject owner = joinProven(alice, SealedFrames.join("vault", "alice", aliceKeys, NEW_PASSWORD, true),
                "alice", aliceKeys).get(0);
        assertEquals("owner", owner.getString("role"), "the owner still owns the wiped room");
    }

    @Test
    void aRoomThatIsNotSealedRefusesAWipeWithASalt() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient owner = harness.connect("10.0.0.1");
        owner.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"den\",\"nick\":\"ann\",\"password\":\"old pw\","
                + "\"keys\":" + keys.keys() + "}");
        String challenge = owner.expect("Challenge").getString("challenge");
        assertEquals("owner", owner.prove("den", keys.sign(challenge, "den", "ann")).get(0).getString("role"));

        owner.send(SealedFrames.wipe("den", NEW_PASSWORD, SealedFrames.NEW_SALT));
        JsonObject refused = owner.only();
        assertError("bad_field", "den", refused);
        assertEquals("only a sealed room has a salt", refused.getString("text"));
        assertEquals(false, sealInfo("den").getBoolean("sealed"), "no salt seals a room after the fact");
        FakeClient bob = harness.connect("10.0.0.2");
        assertEquals("Joined", bob.join("den", "bob", "old pw").get(0).getString("msgType"), "nothing was wiped");
    }

    @Test
    void theOperatorsServerWipeKeepsASealedRoomsSealAndPassword() {
        vaultWithAliceAndBob();

        harness.server().operator().wipeAll("test");

        assertEquals(SealedFrames.SALT, sealInfo("vault").getString("salt"));
        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        JsonObject joined = joinProven(harness.connect("10.0.0.3"),
                SealedFrames.join("vault", "carol", carolKeys, PASSWORD, true), "carol", carolKeys).get(0);
        assertEquals(SealedFrames.SALT, joined.getJsonObject("seal").getString("salt"));
        assertEquals(0, joined.getJsonArray("history").size());
    }
}
