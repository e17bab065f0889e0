package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A person with an identity key (Ed25519) that signs a list of their devices' keys, as docs/PROTOCOL.md ("One person,
 * several devices") says, written here independently of the server's code: the {@code identity} object of a Join's
 * keys, with a device list of a chosen version.
 */
public final class TestPerson {
    private final KeyPair identity;

    private TestPerson() throws GeneralSecurityException {
        this.identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    public static TestPerson create() {
        try {
            return new TestPerson();
        } catch (GeneralSecurityException e) {
            throw new AssertionError("this JDK cannot make Ed25519 keys", e);
        }
    }

    /** The identity signing key, base64 SPKI. */
    public String signingKey() {
        return Base64.getEncoder().encodeToString(identity.getPublic().getEncoded());
    }

    /** The device list's JSON (before base64): these devices, named "device 1", "device 2", .... */
    public static String deviceList(long version, List<TestIdentity> devices) {
        JsonArrayBuilder listed = Json.createArrayBuilder();
        for (int i = 0; i < devices.size(); i++) {
            JsonObject keys = devices.get(i).keys();
            listed.add(Json.createObjectBuilder().add("agreement", keys.getString("agreement"))
                    .add("signing", keys.getString("signing")).add("algorithm", keys.getString("algorithm"))
                    .add("name", "device " + (i + 1)).add("added", 1_800_000_000_000L + i));
        }
        return Json.createObjectBuilder().add("v", 1).add("version", version).add("issued", 1_800_000_000_000L)
                .add("devices", listed).build().toString();
    }

    /** Base64 of the UTF-8 bytes of a device list: the {@code devices} string as sent. */
    public static String encoded(String deviceListJson) {
        return Base64.getEncoder().encodeToString(deviceListJson.getBytes(StandardCharsets.UTF_8));
    }

    /** This identity key's signature (base64) over {@code safehouse-devices-v1\n<devices>}. */
    public String sign(String devices) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(identity.getPrivate());
            signer.update(("safehouse-devices-v1\n" + devices).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** An {@code identity} object with this devices string and signature (whatever they are). */
    public JsonObject identity(String devices, String signature) {
        return Json.createObjectBuilder().add("signing", signingKey()).add("algorithm", "Ed25519")
                .add("devices", devices).add("signature", signature).build();
    }

    /** A correctly signed {@code identity} object listing these devices at this version. */
    public JsonObject identity(long version, List<TestIdentity> devices) {
        String encoded = encoded(deviceList(version, devices));
        return identity(encoded, sign(encoded));
    }

    /** A Join's keys: {@code device}'s own keys with this identity object. */
    public static JsonObject keys(TestIdentity device, JsonObject identity) {
        JsonObjectBuilder keys = Json.createObjectBuilder();
        for (Map.Entry<String, jakarta.json.JsonValue> field : device.keys().entrySet()) {
            keys.add(field.getKey(), field.getValue());
        }
        return keys.add("identity", identity).build();
    }

    /** A Join's keys for {@code device}, with a signed list of {@code listed} at {@code version}. */
    public JsonObject keys(TestIdentity device, long version, List<TestIdentity> listed) {
        return keys(device, identity(version, listed));
    }
}
