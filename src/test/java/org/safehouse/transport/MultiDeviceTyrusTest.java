package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.TestPerson;
import org.safehouse.testing.WsTestClient;

/**
 * One person on two devices over real sockets on Tyrus: both prove their own device keys under the person's signed
 * list and share the nickname, a stranger's device with the copied list is refused, and a private message naming one
 * device reaches that device alone.
 */
class MultiDeviceTyrusTest {
    private static final String ROOM = "kitchen";

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"rooms": [{"name": "kitchen", "require_encryption": true}],
             "limits": {"presence_interval_ms": 20}}
            """);

    private final TestPerson alice = TestPerson.create();
    private final TestIdentity laptop = TestIdentity.create(TestIdentity.ED25519);
    private final TestIdentity phone = TestIdentity.create(TestIdentity.ECDSA);

    private static WsTestClient chat() {
        WsTestClient client = WsTestClient.connect(TYRUS.uri("/chat"));
        client.awaitType("Hello");
        return client;
    }

    /** Joins as {@code device} of Alice and answers the challenge; returns the Joined or the Error. */
    private JsonObject joinAsDevice(WsTestClient client, TestIdentity device, JsonObject keys) {
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", ROOM)
                .add("nick", "alice").add("keys", keys).build().toString());
        JsonObject answer = client.await(f -> "Challenge".equals(WsTestClient.type(f))
                || "Error".equals(WsTestClient.type(f)));
        if (!"Challenge".equals(WsTestClient.type(answer))) {
            return answer;
        }
        TestIdentity.prove(client, ROOM, device.sign(answer.getString("challenge"), ROOM, "alice"));
        return client.await(f -> "Joined".equals(WsTestClient.type(f)) || "Error".equals(WsTestClient.type(f)));
    }

    @Test
    void twoDevicesShareTheNameAndAMessageForOneReachesItAlone() {
        List<TestIdentity> both = List.of(laptop, phone);
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        try (WsTestClient onLaptop = chat(); WsTestClient onPhone = chat(); WsTestClient bob = chat();
             WsTestClient mallory = chat()) {
            assertEquals("Joined", WsTestClient.type(joinAsDevice(onLaptop, laptop, alice.keys(laptop, 1, both))));
            JsonObject joined = joinAsDevice(onPhone, phone, alice.keys(phone, 1, both));
            assertEquals("Joined", WsTestClient.type(joined), joined::toString);
            assertEquals(1, joined.getJsonArray("users").size(), "the person is listed once");

            TestIdentity malloryDevice = TestIdentity.create(TestIdentity.ED25519);
            JsonObject refused = joinAsDevice(mallory, malloryDevice,
                    TestPerson.keys(malloryDevice, alice.identity(1, both)));
            assertEquals("bad_keys", refused.getString("code"), refused::toString);

            bobKeys.joinProven(bob, ROOM, "bob", "");
            Base64.Encoder b64 = Base64.getEncoder();
            bob.send(Json.createObjectBuilder().add("msgType", "PrivateMessage").add("room", ROOM)
                    .add("TgtUser", "alice").add("TgtDevice", laptop.fingerprint()).add("clientMsgId", "m1")
                    .add("ciphertext", b64.encodeToString(new byte[40])).add("iv", b64.encodeToString(new byte[12]))
                    .add("counter", 1).add("signature", b64.encodeToString(new byte[64])).build().toString());
            JsonObject atLaptop = onLaptop.awaitType("PrivateMessage");
            assertEquals(bobKeys.fingerprint(), atLaptop.getString("SrcDevice"));
            JsonObject copy = bob.awaitType("PrivateMessage");
            assertEquals(laptop.fingerprint(), copy.getString("TgtDevice"));

            onPhone.send(Json.createObjectBuilder().add("msgType", "Ping").add("token", "after").build().toString());
            JsonObject next = onPhone.await(f -> "PrivateMessage".equals(WsTestClient.type(f))
                    || "Pong".equals(WsTestClient.type(f)));
            assertFalse("PrivateMessage".equals(WsTestClient.type(next)), "the phone gets no copy of the laptop's");
        }
    }
}
