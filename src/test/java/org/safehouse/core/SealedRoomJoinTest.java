package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.json;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/** Sealed rooms: SealInfo before joining, creating a sealed room, and who may join it (docs/PROTOCOL.md). */
class SealedRoomJoinTest {
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"message_burst\":100}}");

    /** Creates the sealed room "vault" as alice; returns her connection, Joined taken. */
    FakeClient alice() {
        return creator("vault", "alice", "correct horse battery staple");
    }

    FakeClient creator(String room, String nick, String password) {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient client = harness.connect("10.0.0.1");
        client.send(SealedFrames.create(room, nick, keys, password));
        String challenge = client.expect("Challenge").getString("challenge");
        JsonObject joined = client.prove(room, keys.sign(challenge, room, nick)).get(0);
        assertEquals("Joined", joined.getString("msgType"), joined::toString);
        return client;
    }

    /** A sealed Join with keys and this password; returns the Joined, or the refusal. */
    JsonObject join(FakeClient client, String nick, String password, boolean sealed) {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        client.send(SealedFrames.join("vault", nick, keys, password, sealed));
        JsonObject answer = client.connection().takeJson().get(0);
        if (!"Challenge".equals(answer.getString("msgType"))) {
            return answer;
        }
        return client.prove("vault", keys.sign(answer.getString("challenge"), "vault", nick)).get(0);
    }

    JsonObject sealInfo(FakeClient client, String room) {
        client.send(SealedFrames.sealInfo(room));
        return client.only();
    }

    @Test
    void sealInfoTellsAConnectionThatJoinedNothingTheSealOfASealedRoomAndNothingOfOthers() {
        alice();
        FakeClient stranger = harness.connect("10.0.0.2");
        stranger.expectJoined("plain", "bob");
        FakeClient unjoined = harness.connect("10.0.0.3");

        assertEquals(json("{'msgType':'SealInfo','room':'vault','sealed':true,'salt':'" + SealedFrames.SALT
                + "','kdf':'argon2id-v1'}"), sealInfo(unjoined, "vault"));
        assertEquals(json("{'msgType':'SealInfo','room':'plain','sealed':false}"), sealInfo(unjoined, "plain"),
                "a plain room answers as a missing one does");
        int rooms = harness.server().roomCount();
        assertEquals(json("{'msgType':'SealInfo','room':'nowhere','sealed':false}"), sealInfo(unjoined, "nowhere"));
        assertEquals(rooms, harness.server().roomCount(), "asking creates nothing");
    }

    @Test
    void theCreatorsJoinedCarriesTheSealAndTheRoomRequiresEncryption() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient client = harness.connect("10.0.0.1");
        client.send(SealedFrames.create("vault", "alice", keys, "correct horse battery staple"));
        String challenge = client.expect("Challenge").getString("challenge");
        JsonObject joined = client.prove("vault", keys.sign(challenge, "vault", "alice")).get(0);

        assertEquals(json("{'salt':'" + SealedFrames.SALT + "','kdf':'argon2id-v1'}"), joined.getJsonObject("seal"));
        assertTrue(joined.getBoolean("requireEncryption"));
        assertTrue(joined.getBoolean("password"));
        assertEquals("owner", joined.getString("role"), "the creator owns it by its keys");
    }

    @Test
    void aClientThatDoesNotKnowTheRoomIsSealedIsRefusedBeforeItsPasswordIsChecked() {
        alice();
        FakeClient old = harness.connect("10.0.0.2");
        JsonObject refusal = join(old, "bob", "correct horse battery staple", false);
        assertError("sealed_room", "vault", refusal);
        JsonObject withoutKeys = old.join("vault", "bob", "anything").get(0);
        assertError("sealed_room", "vault", withoutKeys);
        assertEquals(List.of("alice"), harness.server().members("vault"));
    }

    @Test
    void aSealedJoinOfARoomThatIsNotSealedIsRefusedSoAPageNeverSealsIntoASquattersRoom() {
        FakeClient squatter = harness.connect("10.0.0.6");
        squatter.expectJoined("vault", "mallory");
        FakeClient page = harness.connect("10.0.0.2");
        assertError("sealed_room", "vault", join(page, "bob", "correct horse battery staple", true));
        assertEquals(List.of("mallory"), harness.server().members("vault"));
    }

    @Test
    void aMemberWhoKnowsThePasswordJoinsAndSeesTheSealAndAWrongOneIsRefused() {
        alice();
        FakeClient bob = harness.connect("10.0.0.2");
        assertError("wrong_password", "vault", join(bob, "bob", "wrong guess", true));
        JsonObject joined = join(bob, "bob", "correct horse battery staple", true);
        assertEquals("Joined", joined.getString("msgType"), joined::toString);
        assertEquals(SealedFrames.SALT, joined.getJsonObject("seal").getString("salt"));
        assertEquals("member", joined.getString("role"));
    }

    @Test
    void aSealedRoomIsCreatedOnlyWithItsSealAPasswordAndKeys() {
        FakeClient page = harness.connect("10.0.0.2");
        assertError("no_such_room", "vault", join(page, "bob", "a password", true));
        page.send(SealedFrames.create("vault", "bob", TestIdentity.create(TestIdentity.ED25519), null));
        assertError("bad_field", "vault", page.only());
        page.send(SealedFrames.create("vault", "bob", null, "a password"));
        assertError("keys_required", "vault", page.only());
        assertEquals(json("{'msgType':'SealInfo','room':'vault','sealed':false}"), sealInfo(page, "vault"),
                "no refused Join left a room behind");
    }

    @Test
    void aMalformedSealIsRefusedBadField() {
        FakeClient page = harness.connect("10.0.0.2");
        page.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"vault\",\"nick\":\"bob\",\"password\":\"p\","
                + "\"sealed\":{\"salt\":\"c2hvcnQ=\",\"kdf\":\"argon2id-v1\"}}");
        assertError("bad_field", "vault", page.only());
        page.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"vault\",\"nick\":\"bob\",\"password\":\"p\","
                + "\"sealed\":{\"salt\":\"" + SealedFrames.SALT + "\",\"kdf\":\"pbkdf2\"}}");
        assertError("bad_field", "vault", page.only());
        page.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"vault\",\"nick\":\"bob\",\"sealed\":\"yes\"}");
        assertError("bad_field", "vault", page.only());
    }

    @Test
    void sealInfoIsRateLimitedPerConnectionSoNobodyScansRoomNamesAtTheMessageRate() {
        FakeClient scanner = harness.connect("10.0.0.2");
        for (int i = 0; i < SealInfoAnswers.BURST; i++) {
            assertEquals("SealInfo", sealInfo(scanner, "room" + i).getString("msgType"));
        }
        JsonObject refusal = sealInfo(scanner, "one-more");
        assertError("rate_limited", "one-more", refusal);
        assertTrue(refusal.getJsonNumber("retryAfterMs").longValue() > 0);
        harness.clock().advance(1000);
        assertEquals("SealInfo", sealInfo(scanner, "one-more").getString("msgType"), "one more a second");
        assertNull(scanner.closedWith(), "the connection stays open");
    }
}
