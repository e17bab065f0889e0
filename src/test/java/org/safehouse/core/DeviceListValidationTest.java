package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.TestPerson;

/**
 * A Join's {@code keys.identity}: a person's identity key and the device list it signed. A list that does not hold
 * (forged, not naming the joining device, too large, not a key) is refused {@code bad_keys} before any challenge, and
 * the refusal says which check failed without quoting what was sent; a good one is relayed whole to the room.
 */
class DeviceListValidationTest {
    final ChatHarness harness = ChatHarness.start("{\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}]}");
    final TestPerson alice = TestPerson.create();
    final TestIdentity laptop = TestIdentity.create(IdentityKeys.ED25519);
    final TestIdentity phone = TestIdentity.create(IdentityKeys.ECDSA_P256);

    JsonObject refusal(TestIdentity device, JsonObject identity) {
        FakeClient client = harness.connect("10.0.0.1");
        List<JsonObject> frames = client.joinWithKeys("secret", "alice", TestPerson.keys(device, identity));
        assertEquals(1, frames.size(), frames::toString);
        assertEquals("Error", frames.get(0).getString("msgType"), frames::toString);
        assertEquals(List.of(), harness.server().members("secret"), "nobody joined");
        return frames.get(0);
    }

    void assertBadKeys(String because, JsonObject error, String... notQuoted) {
        assertEquals("bad_keys", error.getString("code"), error::toString);
        assertTrue(error.getString("text").contains(because), error::toString);
        for (String value : notQuoted) {
            assertFalse(error.toString().contains(value), "the refusal must not quote what was sent");
        }
    }

    @Test
    void aPersonsDeviceProvesItselfAndTheRoomSeesTheWholeSignedList() {
        JsonObject identity = alice.identity(3, List.of(laptop, phone));
        FakeClient client = harness.connect("10.0.0.1");
        JsonObject joined = client.joinProven("secret", "alice", phone, TestPerson.keys(phone, identity)).get(0);
        JsonObject keys = joined.getJsonObject("keys").getJsonObject("alice");
        assertEquals(phone.keys().getString("signing"), keys.getString("signing"), "the device's own keys on top");
        assertEquals(identity, keys.getJsonObject("identity"), "the identity object relayed exactly as sent");

        FakeClient bob = harness.connect("10.0.0.2");
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ED25519);
        JsonObject seenByBob = bob.joinProven("secret", "bob", bobKeys).get(0);
        assertEquals(identity, seenByBob.getJsonObject("keys").getJsonObject("alice").getJsonObject("identity"));
        assertFalse(seenByBob.getJsonObject("keys").getJsonObject("bob").containsKey("identity"),
                "a device without identity has none");
    }

    @Test
    void presenceCarriesTheIdentityToThoseAlreadyThere() {
        FakeClient bob = harness.connect("10.0.0.2");
        bob.joinProven("secret", "bob", TestIdentity.create(IdentityKeys.ED25519));
        harness.tick();
        bob.connection().take();
        harness.clock().advance(1000);
        JsonObject identity = alice.identity(1, List.of(laptop));
        harness.connect("10.0.0.1").joinProven("secret", "alice", laptop, TestPerson.keys(laptop, identity));
        harness.tick();
        JsonObject presence = bob.expect("Presence");
        assertEquals(identity, presence.getJsonObject("keys").getJsonObject("alice").getJsonObject("identity"));
    }

    @Test
    void aListSignedByAnotherKeyIsRefused() {
        String devices = TestPerson.encoded(TestPerson.deviceList(1, List.of(laptop)));
        String forged = TestPerson.create().sign(devices);
        assertBadKeys("signature does not verify", refusal(laptop, alice.identity(devices, forged)), forged);
    }

    @Test
    void aSignatureOverOtherBytesIsRefused() {
        String signed = TestPerson.encoded(TestPerson.deviceList(1, List.of(laptop)));
        String sent = TestPerson.encoded(TestPerson.deviceList(2, List.of(laptop)));
        assertBadKeys("signature does not verify", refusal(laptop, alice.identity(sent, alice.sign(signed))));
    }

    @Test
    void aSquatterWithTheVictimsSignedListCannotJoinAsOneOfItsDevices() {
        // Mallory copied Alice's identity object from a Presence frame; Mallory's own device is not in it.
        JsonObject stolen = alice.identity(2, List.of(laptop, phone));
        TestIdentity mallory = TestIdentity.create(IdentityKeys.ED25519);
        assertBadKeys("not in the device list", refusal(mallory, stolen));
    }

    @Test
    void aDeviceListedWithAnotherAgreementKeyIsNotThisDevice() {
        TestIdentity sameSigningElsewhere = TestIdentity.create(IdentityKeys.ED25519);
        JsonObject identity = alice.identity(1, List.of(sameSigningElsewhere));
        assertBadKeys("not in the device list", refusal(laptop, identity));
    }

    @Test
    void anOversizedListIsRefusedBeforeAnySignatureCheck() {
        String huge = "A".repeat(8193);
        assertBadKeys("at most 8192 characters", refusal(laptop, alice.identity(huge, alice.sign(huge))));
    }

    @Test
    void moreThanSixteenDevicesIsRefused() {
        List<TestIdentity> seventeen = new java.util.ArrayList<>();
        seventeen.add(laptop);
        for (int i = 0; i < 16; i++) {
            seventeen.add(TestIdentity.create(IdentityKeys.ED25519));
        }
        assertBadKeys("1 to 16 devices", refusal(laptop, alice.identity(1, seventeen)));
    }

    @Test
    void aListThatIsNotBase64OrNotJsonIsRefused() {
        assertBadKeys("must be base64", refusal(laptop, alice.identity("not base64!", alice.sign("not base64!"))));
        String notJson = TestPerson.encoded("{devices: nope");
        assertBadKeys("not valid JSON", refusal(laptop, alice.identity(notJson, alice.sign(notJson))));
        String version0 = TestPerson.encoded(TestPerson.deviceList(0, List.of(laptop)));
        assertBadKeys("version must be an integer", refusal(laptop, alice.identity(version0, alice.sign(version0))));
    }

    @Test
    void anIdentityThatIsNotAKeyIsRefused() {
        JsonObject identity = Json.createObjectBuilder(alice.identity(1, List.of(laptop)))
                .add("signing", "bm90IGEga2V5").build();
        assertBadKeys("identity key must be base64 SPKI", refusal(laptop, identity));
    }

    @Test
    void anIdentityMissingAFieldIsABadField() {
        JsonObject identity = Json.createObjectBuilder(alice.identity(1, List.of(laptop))).remove("signature").build();
        FakeClient client = harness.connect("10.0.0.1");
        JsonObject error = client.joinWithKeys("secret", "alice", TestPerson.keys(laptop, identity)).get(0);
        assertEquals("bad_field", error.getString("code"), error::toString);
    }
}
