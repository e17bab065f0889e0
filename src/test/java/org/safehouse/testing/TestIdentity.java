package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * Keys as a browser makes them (ECDH P-256 for agreement; ECDSA P-256 with raw r||s signatures, or Ed25519), for tests
 * that join with keys over a real socket and answer the Challenge as docs/PROTOCOL.md says.
 */
public final class TestIdentity {
    public static final String ECDSA = "ECDSA-P256-SHA256";
    public static final String ED25519 = "Ed25519";

    private final KeyPair agreement;
    private final KeyPair signing;
    private final String algorithm;

    private TestIdentity(String algorithm) throws GeneralSecurityException {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        this.agreement = ec.generateKeyPair();
        this.signing = ED25519.equals(algorithm)
                ? KeyPairGenerator.getInstance("Ed25519").generateKeyPair() : ec.generateKeyPair();
        this.algorithm = algorithm;
    }

    public static TestIdentity create(String algorithm) {
        try {
            return new TestIdentity(algorithm);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("this JDK cannot make " + algorithm + " keys", e);
        }
    }

    /** The Join frame's {@code keys} object: base64 SPKI public keys and the signature algorithm. */
    public JsonObject keys() {
        Base64.Encoder base64 = Base64.getEncoder();
        return Json.createObjectBuilder()
                .add("agreement", base64.encodeToString(agreement.getPublic().getEncoded()))
                .add("signing", base64.encodeToString(signing.getPublic().getEncoded()))
                .add("algorithm", algorithm).build();
    }

    /**
     * The key fingerprint rooms bind roles and bans to, computed as docs/PROTOCOL.md says (lowercase hex SHA-256 of
     * the signing key's SPKI bytes), independently of the server's code.
     */
    public String fingerprint() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(signing.getPublic().getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** The Prove signature (base64) over {@code safehouse-join-v1\n<challenge>\n<room>\n<nick>}. */
    public String sign(String challenge, String room, String nick) {
        try {
            Signature signer = Signature.getInstance(ED25519.equals(algorithm) ? "Ed25519"
                    : "SHA256withECDSAinP1363Format");
            signer.initSign(signing.getPrivate());
            signer.update(("safehouse-join-v1\n" + challenge + "\n" + room + "\n" + nick)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends a Join with these keys and returns the challenge the server answered with. */
    public String requestChallenge(WsTestClient client, String room, String nick, String password) {
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("password", password).add("keys", keys()).build().toString());
        JsonObject challenge = client.await(f -> "Challenge".equals(WsTestClient.type(f))
                || "Error".equals(WsTestClient.type(f)));
        if (!"Challenge".equals(WsTestClient.type(challenge))) {
            throw new AssertionError("expected a Challenge for " + nick + " in " + room + ", got " + challenge);
        }
        return challenge.getString("challenge");
    }

    public static void prove(WsTestClient client, String room, String signature) {
        client.send(Json.createObjectBuilder().add("msgType", "Prove").add("room", room)
                .add("signature", signature).build().toString());
    }

    /** Joins with these keys, signs the challenge, and waits for Joined. */
    public JsonObject joinProven(WsTestClient client, String room, String nick, String password) {
        String challenge = requestChallenge(client, room, nick, password);
        prove(client, room, sign(challenge, room, nick));
        return client.await(f -> "Joined".equals(WsTestClient.type(f)) && room.equals(f.getString("room", null)));
    }
}
