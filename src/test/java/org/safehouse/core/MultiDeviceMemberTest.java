package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.TestPerson;

/**
 * One person on several devices: devices whose signed lists share an identity key share the person's nickname in a
 * room (listed once, announced again when a newer list arrives, gone when the last device goes), each device gets the
 * room's frames once, and a private message may name one device ({@code TgtDevice}), live or kept for it.
 */
class MultiDeviceMemberTest {
    static final String ROOM = "secret";
    final TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
    final ChatHarness harness = ChatHarness.start("""
            {"rooms": [{"name": "%s", "require_encryption": true, "owner_key": "%s"}],
             "limits": {"messages_per_second": 1000, "message_burst": 1000}}
            """.formatted(ROOM, bobKeys.fingerprint()));
    final TestPerson alice = TestPerson.create();
    final TestIdentity laptop = TestIdentity.create(TestIdentity.ED25519);
    final TestIdentity phone = TestIdentity.create(TestIdentity.ECDSA);
    final List<TestIdentity> both = List.of(laptop, phone);

    @AfterEach
    void close() {
        harness.close();
    }

    FakeClient device(TestIdentity device, long version, List<TestIdentity> listed) {
        FakeClient client = harness.connect("10.0.0.1");
        client.joinProven(ROOM, "alice", device, alice.keys(device, version, listed));
        return client;
    }

    FakeClient bob() {
        FakeClient bob = harness.connect("10.0.0.2");
        bob.joinProven(ROOM, "bob", bobKeys);
        return bob;
    }

    /** Presence flushed; what each client got so far dropped. */
    void settled(FakeClient... clients) {
        harness.tick();
        for (FakeClient client : clients) {
            client.take();
        }
        harness.clock().advance(1000);
    }

    static String fingerprint(TestIdentity device) {
        return device.fingerprint();
    }

    static String privateMessage(String to, String toDevice, String clientMsgId) {
        return "{\"msgType\":\"PrivateMessage\",\"room\":\"" + ROOM + "\",\"TgtUser\":\"" + to + "\""
                + (toDevice == null ? "" : ",\"TgtDevice\":\"" + toDevice + "\"") + ","
                + IdentityProofTest.encryptedBody(clientMsgId) + "}";
    }

    static List<JsonObject> ofType(List<JsonObject> frames, String msgType) {
        return frames.stream().filter(f -> msgType.equals(f.getString("msgType"))).collect(Collectors.toList());
    }

    @Test
    void twoDevicesOfOnePersonShareTheNicknameAndAreListedOnce() {
        FakeClient onLaptop = device(laptop, 1, both);
        List<JsonObject> joined = harness.connect("10.0.0.3").joinProven(ROOM, "alice", phone,
                alice.keys(phone, 1, both));
        assertEquals(List.of("alice"), joined.get(0).getJsonArray("users").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList(), "one entry for the person");
        assertEquals(List.of("alice"), harness.server().members(ROOM));
        assertEquals(List.of(), ofType(onLaptop.connection().takeJson(), "Error"));
    }

    @Test
    void aStrangerWithAnotherIdentityOrNoneCannotTakeTheName() {
        device(laptop, 1, both);
        TestPerson mallory = TestPerson.create();
        TestIdentity malloryDevice = TestIdentity.create(TestIdentity.ED25519);
        FakeClient squatter = harness.connect("10.0.0.9");
        squatter.send(ClientFrames.joinWithKeys(ROOM, "alice", mallory.keys(malloryDevice, 1,
                List.of(malloryDevice))));
        String challenge = squatter.expect("Challenge").getString("challenge");
        JsonObject refused = squatter.prove(ROOM, malloryDevice.sign(challenge, ROOM, "alice")).get(0);
        assertEquals("name_taken", refused.getString("code"), refused::toString);

        FakeClient plain = harness.connect("10.0.0.10");
        plain.send(ClientFrames.joinWithKeys(ROOM, "ALICE", malloryDevice));
        String second = plain.expect("Challenge").getString("challenge");
        assertEquals("name_taken", plain.prove(ROOM, malloryDevice.sign(second, ROOM, "ALICE")).get(0)
                .getString("code"));
        assertEquals(List.of("alice"), harness.server().members(ROOM));
    }

    @Test
    void theSameDeviceCannotJoinTwiceUnderThePersonsName() {
        device(laptop, 1, both);
        FakeClient twin = harness.connect("10.0.0.5"); // e.g. a leaked link code used on two browsers at once
        twin.send(ClientFrames.joinWithKeys(ROOM, "alice", alice.keys(laptop, 1, both)));
        String challenge = twin.expect("Challenge").getString("challenge");
        JsonObject refused = twin.prove(ROOM, laptop.sign(challenge, ROOM, "alice")).get(0);
        assertEquals("name_taken", refused.getString("code"), refused::toString);
    }

    @Test
    void othersAndThePersonsOwnDevicesHearOfANewerList() {
        FakeClient onLaptop = device(laptop, 1, List.of(laptop));
        settled(onLaptop);
        device(phone, 2, both);
        harness.tick();
        JsonObject presence = onLaptop.expect("Presence");
        String devices = presence.getJsonObject("keys").getJsonObject("alice").getJsonObject("identity")
                .getString("devices");
        assertEquals(TestPerson.encoded(TestPerson.deviceList(2, both)), devices,
                "the laptop learns the list its person signed on the phone");
    }

    @Test
    void presenceTellsTheNameOnceAgainForANewerListAndLeftOnlyWhenTheLastDeviceGoes() {
        FakeClient bob = bob();
        settled(bob);
        FakeClient onLaptop = device(laptop, 1, List.of(laptop));
        harness.tick();
        JsonObject first = bob.expect("Presence");
        assertEquals(laptop.keys().getString("signing"),
                first.getJsonObject("keys").getJsonObject("alice").getString("signing"));
        settled(bob, onLaptop);

        FakeClient onPhone = device(phone, 2, both); // the phone was linked: list version 2
        harness.tick();
        JsonObject again = bob.expect("Presence");
        assertEquals(List.of("alice"), again.getJsonArray("joined").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        JsonObject shown = again.getJsonObject("keys").getJsonObject("alice");
        assertEquals(phone.keys().getString("signing"), shown.getString("signing"), "the newest list's device");
        assertEquals(alice.signingKey(), shown.getJsonObject("identity").getString("signing"));
        settled(bob, onLaptop, onPhone);

        onLaptop.leave(ROOM);
        harness.tick();
        assertEquals(List.of(), ofType(bob.connection().takeJson(), "Presence"), "one device left: nobody left");
        assertEquals(List.of("bob", "alice"), harness.server().members(ROOM));

        onPhone.leave(ROOM);
        harness.tick();
        JsonObject gone = bob.expect("Presence");
        assertEquals("alice", gone.getJsonArray("left").getString(0));
        assertEquals(List.of("bob"), harness.server().members(ROOM));
    }

    @Test
    void anEmbeddingApplicationSeesThePersonJoinAndLeaveOnce() {
        ChatEventsTest.Recording events = new ChatEventsTest.Recording();
        harness.server().observe(events);
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient onPhone = device(phone, 1, both);
        onLaptop.leave(ROOM);
        onPhone.close();
        assertEquals(List.of("joined secret alice", "left secret alice"), events.seen);
    }

    @Test
    void aRoomMessageReachesEveryDeviceOnce() {
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient onPhone = device(phone, 1, both);
        FakeClient bob = bob();
        settled(bob, onLaptop, onPhone);
        bob.send(ClientFrames.broadcast(ROOM, "hello both"));
        assertEquals(1, ofType(onLaptop.connection().takeJson(), "Broadcast").size());
        assertEquals(1, ofType(onPhone.connection().takeJson(), "Broadcast").size());
        onPhone.send(ClientFrames.broadcast(ROOM, "from the phone"));
        List<JsonObject> echoed = ofType(onPhone.connection().takeJson(), "Broadcast");
        assertEquals(1, echoed.size(), "the sending device's own echo, once");
        assertEquals("alice", echoed.get(0).getString("SrcUser"));
        assertEquals(1, ofType(onLaptop.connection().takeJson(), "Broadcast").size());
    }

    @Test
    void aMessageToOneDeviceReachesThatDeviceAloneAndNamesBothDevices() {
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient onPhone = device(phone, 1, both);
        FakeClient bob = bob();
        settled(bob, onLaptop, onPhone);
        bob.send(privateMessage("alice", fingerprint(phone), "to-phone"));
        List<JsonObject> atPhone = ofType(onPhone.connection().takeJson(), "PrivateMessage");
        assertEquals(1, atPhone.size());
        assertEquals(bobKeys.fingerprint(), atPhone.get(0).getString("SrcDevice"));
        assertFalse(atPhone.get(0).containsKey("TgtUser"));
        assertEquals(List.of(), ofType(onLaptop.connection().takeJson(), "PrivateMessage"), "not the laptop's");
        JsonObject copy = ofType(bob.connection().takeJson(), "PrivateMessage").get(0);
        assertEquals("alice", copy.getString("TgtUser"));
        assertEquals(fingerprint(phone), copy.getString("TgtDevice"));
        assertFalse(copy.getBoolean("queued", false));
    }

    @Test
    void aMessageToAnOfflineListedDeviceWaitsForThatDevice() throws Exception {
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient bob = bob();
        settled(bob, onLaptop);
        bob.send(privateMessage("alice", fingerprint(phone), "for-later"));
        JsonObject copy = ofType(bob.connection().takeJson(), "PrivateMessage").get(0);
        assertTrue(copy.getBoolean("queued"), copy::toString);
        assertEquals(List.of(), ofType(onLaptop.connection().takeJson(), "PrivateMessage"));

        List<JsonObject> atPhone = harness.connect("10.0.0.4").joinProven(ROOM, "alice", phone,
                alice.keys(phone, 1, both));
        List<JsonObject> kept = ofType(atPhone, "PrivateMessage");
        assertEquals(1, kept.size(), atPhone::toString);
        assertEquals("for-later", kept.get(0).getString("clientMsgId"));
        assertEquals(bobKeys.fingerprint(), kept.get(0).getString("SrcDevice"));
    }

    @Test
    void aDeviceTheListDoesNotNameIsAnUnknownRecipient() {
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient bob = bob();
        settled(bob, onLaptop);
        bob.send(privateMessage("alice", TestIdentity.create(TestIdentity.ED25519).fingerprint(), "nowhere"));
        JsonObject error = bob.expect("Error");
        assertEquals("unknown_recipient", error.getString("code"), error::toString);
        assertEquals(List.of(), ofType(onLaptop.connection().takeJson(), "PrivateMessage"));
    }

    @Test
    void aPersonWritesToTheirOwnOtherDevice() {
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient onPhone = device(phone, 1, both);
        settled(onLaptop, onPhone);
        onLaptop.send(privateMessage("alice", fingerprint(phone), "my-copy"));
        JsonObject atPhone = ofType(onPhone.connection().takeJson(), "PrivateMessage").get(0);
        assertEquals("alice", atPhone.getString("SrcUser"));
        assertEquals(fingerprint(laptop), atPhone.getString("SrcDevice"), "the phone picks the laptop's keys");
    }

    @Test
    void kickingThePersonRemovesEveryDevice() {
        FakeClient onLaptop = device(laptop, 1, both);
        FakeClient onPhone = device(phone, 1, both);
        FakeClient bob = bob();
        settled(bob, onLaptop, onPhone);
        bob.send(ModerationRequests.kick(ROOM, "alice", "bye"));
        assertEquals("kicked", onLaptop.expect("Removed").getString("reason"));
        assertEquals("kicked", onPhone.expect("Removed").getString("reason"));
        assertEquals(List.of("bob"), harness.server().members(ROOM));
        harness.tick();
        JsonObject presence = ofType(bob.connection().takeJson(), "Presence").get(0);
        assertEquals("alice", presence.getJsonArray("left").getString(0));
    }

    @Test
    void aDeviceItsPersonUnlinkedCannotComeBackWithItsOldList() {
        device(laptop, 2, List.of(laptop)); // version 2: the phone was unlinked
        FakeClient stolen = harness.connect("10.0.0.7");
        List<JsonObject> frames = stolen.joinWithKeys(ROOM, "alice", alice.keys(phone, 1, both));
        String challenge = frames.get(0).getString("challenge");
        JsonObject refused = stolen.prove(ROOM, phone.sign(challenge, ROOM, "alice")).get(0);
        assertEquals("bad_keys", refused.getString("code"), refused::toString);
        assertEquals(List.of("alice"), harness.server().members(ROOM));
    }
}
