package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.crypto.SignedDeviceList;
import org.safehouse.protocol.DeviceListClaim;
import org.safehouse.protocol.ErrorCode;

/**
 * The server's check of a device list against fixed vectors that another implementation computed
 * (src/test/resources/kat/device_list.py, pyca/cryptography), the same file the page's src/test/js/devices.test.js
 * checks: what the page signs, the server verifies, byte for byte, for an Ed25519 and an ECDSA P-256 (raw r||s)
 * identity, and both name a device by the same id.
 */
class DeviceListKnownAnswerTest {
    private static final Optional<String> ROOM = Optional.of("secret");
    private static final JsonObject VECTORS = load();

    private static JsonObject load() {
        try (InputStream in = DeviceListKnownAnswerTest.class.getResourceAsStream("/kat/device-list.json");
             JsonReader reader = Json.createReader(in)) {
            return reader.readObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static IdentityKeys device(String name) {
        JsonObject keys = VECTORS.getJsonObject("devices").getJsonObject(name);
        return IdentityKeys.parse(keys.getString("agreement"), keys.getString("signing"), keys.getString("algorithm"))
                .orElseThrow(() -> new AssertionError("the vector's " + name + " keys are keys"));
    }

    private static DeviceListClaim claim(String person) {
        JsonObject identity = VECTORS.getJsonObject(person).getJsonObject("identity");
        return new DeviceListClaim(identity.getString("signing"), identity.getString("algorithm"),
                identity.getString("devices"), identity.getString("signature"));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void theSignedBytesAreTheContextANewlineAndTheDevicesStringAsSent() throws Exception {
        for (String person : List.of("ann", "cy")) {
            assertEquals(VECTORS.getJsonObject(person).getString("signedBytesSha256"),
                    sha256(SignedDeviceList.signedBytes(claim(person).devices())), person);
        }
    }

    @Test
    void eachListedDeviceJoinsUnderItsPersonWhoseIdentityAndDevicesHaveThePagesIds() throws Exception {
        for (var entry : List.of(List.of("ann", "laptop"), List.of("ann", "phone"), List.of("cy", "phone"))) {
            String person = entry.get(0);
            String name = entry.get(1);
            JsonObject vector = VECTORS.getJsonObject(person);
            IdentityKeys checked = DeviceListCheck.check(device(name), Optional.of(claim(person)), ROOM);
            SignedDeviceList list = checked.person().orElseThrow();
            assertEquals(vector.getString("identityId"), list.identityFingerprint(), person);
            assertEquals(vector.getJsonObject("list").getJsonNumber("version").longValue(), list.version());
            String deviceId = VECTORS.getJsonObject("devices").getJsonObject(name).getString("deviceId");
            assertEquals(deviceId, checked.fingerprint(), "the device's id is the page's TgtDevice");
            assertTrue(list.names(deviceId), person + "'s list names the " + name);
            assertEquals(vector.getJsonObject("list").getJsonArray("devices").size(), list.deviceSigningKeys().size());
        }
    }

    @Test
    void aDeviceTheVectorDoesNotListIsRefused() {
        ChatError error = assertThrows(ChatError.class,
                () -> DeviceListCheck.check(device("laptop"), Optional.of(claim("cy")), ROOM));
        assertEquals(ErrorCode.BAD_KEYS, error.code());
        assertTrue(error.getMessage().contains("not in the device list"), error.getMessage());
    }

    @Test
    void theSignatureCoversTheDevicesStringExactly() {
        for (String person : List.of("ann", "cy")) {
            DeviceListClaim good = claim(person);
            // One character of the JSON changed (the version raised): still well formed, no longer what was signed.
            String json = new String(Base64.getDecoder().decode(good.devices()), StandardCharsets.UTF_8);
            String raised = Base64.getEncoder().encodeToString(
                    json.replaceFirst("\"version\":(\\d)", "\"version\":9$1").getBytes(StandardCharsets.UTF_8));
            DeviceListClaim changed = new DeviceListClaim(good.signing(), good.algorithm(), raised, good.signature());
            ChatError error = assertThrows(ChatError.class,
                    () -> DeviceListCheck.check(device("phone"), Optional.of(changed), ROOM), person);
            assertTrue(error.getMessage().contains("signature does not verify"), error.getMessage());

            byte[] signature = Base64.getDecoder().decode(good.signature());
            signature[5] ^= 1;
            DeviceListClaim flipped = new DeviceListClaim(good.signing(), good.algorithm(), good.devices(),
                    Base64.getEncoder().encodeToString(signature));
            assertThrows(ChatError.class, () -> DeviceListCheck.check(device("phone"), Optional.of(flipped), ROOM),
                    person);
        }
    }
}
