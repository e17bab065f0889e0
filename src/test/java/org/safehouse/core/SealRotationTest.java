package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.json;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/** A sealed room's password changes only with a new salt, so the room key rotates; other rooms take no salt. */
class SealRotationTest {
    static final String PASSWORD = "correct horse battery staple";
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"message_burst\":100}}");

    FakeClient joinProven(String join, String nick, TestIdentity keys) {
        FakeClient client = harness.connect("10.0.0.1");
        client.send(join);
        String challenge = client.expect("Challenge").getString("challenge");
        JsonObject joined = client.prove("vault", keys.sign(challenge, "vault", nick)).get(0);
        assertEquals("Joined", joined.getString("msgType"), joined::toString);
        return client;
    }

    FakeClient alice() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        return joinProven(SealedFrames.create("vault", "alice", keys, PASSWORD), "alice", keys);
    }

    @Test
    void theOwnersNewPasswordAndSaltReachEveryMemberAndOnlyTheNewPasswordJoins() {
        FakeClient alice = alice();
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient bob = joinProven(SealedFrames.join("vault", "bob", bobKeys, PASSWORD, true), "bob", bobKeys);
        harness.tick();
        bob.connection().take();

        alice.send(SealedFrames.rotate("vault", "a new secret", SealedFrames.NEW_SALT));
        JsonObject settings = bob.expect("Settings");
        assertEquals(json("{'salt':'" + SealedFrames.NEW_SALT + "','kdf':'argon2id-v1'}"),
                settings.getJsonObject("seal"));
        FakeClient asker = harness.connect("10.0.0.3");
        asker.send(SealedFrames.sealInfo("vault"));
        assertEquals(SealedFrames.NEW_SALT, asker.only().getString("salt"));

        FakeClient carol = harness.connect("10.0.0.4");
        carol.send(SealedFrames.join("vault", "carol", TestIdentity.create(TestIdentity.ED25519), PASSWORD, true));
        assertError("wrong_password", "vault", carol.only());
    }

    @Test
    void aSealedRoomRefusesANewPasswordWithoutANewSaltAndKeepsOne() {
        FakeClient alice = alice();
        alice.connection().take();
        alice.send("{\"msgType\":\"RoomSettings\",\"room\":\"vault\",\"password\":\""
                + SealedFrames.verifier("new") + "\"}");
        assertError("bad_field", "vault", alice.only());
        alice.send(SealedFrames.rotate("vault", "new", SealedFrames.SALT));
        assertError("bad_field", "vault", alice.only());
        alice.send("{\"msgType\":\"RoomSettings\",\"room\":\"vault\",\"password\":\"\"}");
        assertError("bad_field", "vault", alice.only());

        FakeClient bob = harness.connect("10.0.0.2");
        bob.send(SealedFrames.join("vault", "bob", TestIdentity.create(TestIdentity.ED25519), PASSWORD, true));
        assertEquals("Challenge", bob.only().getString("msgType"), "the password did not change");
    }

    @Test
    void aRoomThatIsNotSealedTakesNoSaltSoNobodySealsARoomAfterTheFact() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient owner = harness.connect("10.0.0.1");
        owner.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"den\",\"nick\":\"ann\",\"keys\":"
                + keys.keys() + "}");
        String challenge = owner.expect("Challenge").getString("challenge");
        assertEquals("owner", owner.prove("den", keys.sign(challenge, "den", "ann")).get(0).getString("role"));
        owner.send(SealedFrames.rotate("den", "a secret", SealedFrames.NEW_SALT));
        assertError("bad_field", "den", owner.only());
        FakeClient asker = harness.connect("10.0.0.3");
        asker.send(SealedFrames.sealInfo("den"));
        assertEquals(false, asker.only().getBoolean("sealed"));
    }
}
