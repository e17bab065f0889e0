package org.safehouse.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;

/**
 * A member's public keys, as a browser exports them with WebCrypto (SubjectPublicKeyInfo, base64): an ECDH P-256 key
 * for agreement and an ECDSA P-256 or Ed25519 key for signatures. And the proof of ownership: a signature over the
 * server's fresh challenge, a fixed context label, the room and the nickname. Immutable and thread-safe.
 *
 * <p>WebCrypto's ECDSA signatures are raw r||s (IEEE P1363), verified here with SHA256withECDSAinP1363Format.
 */
public final class IdentityKeys {
    /** The context label of join proofs; a signature made for anything else cannot be replayed as one. */
    public static final String JOIN_CONTEXT = "safehouse-join-v1";
    public static final String ECDSA_P256 = "ECDSA-P256-SHA256";
    public static final String ED25519 = "Ed25519";
    private static final int MAX_SPKI_BASE64 = 400;
    private static final ECParameterSpec P256 = p256();

    private final String agreement;
    private final String signing;
    private final String algorithm;
    private final PublicKey signingKey;
    private final String fingerprint;
    private final SignedDeviceList person;

    private IdentityKeys(String agreement, String signing, String algorithm, PublicKey signingKey,
                         SignedDeviceList person) {
        this.person = person;
        this.agreement = agreement;
        this.signing = signing;
        this.algorithm = algorithm;
        this.signingKey = signingKey;
        this.fingerprint = fingerprintOf(Base64.getDecoder().decode(signing));
    }

    /** @return the keys, or empty when either is not a well-formed key of the named kind */
    public static Optional<IdentityKeys> parse(String agreementSpki, String signingSpki, String algorithm) {
        if (agreementSpki.length() > MAX_SPKI_BASE64 || signingSpki.length() > MAX_SPKI_BASE64) {
            return Optional.empty();
        }
        try {
            PublicKey agreementKey = KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(agreementSpki)));
            if (!isP256(agreementKey)) {
                return Optional.empty();
            }
            return signingKey(signingSpki, algorithm)
                    .map(signingKey -> new IdentityKeys(agreementSpki, signingSpki, algorithm, signingKey, null));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A signing key of the named algorithm from base64 SPKI, or empty when it is not one. */
    static Optional<PublicKey> signingKey(String signingSpki, String algorithm) {
        if (signingSpki.length() > MAX_SPKI_BASE64) {
            return Optional.empty();
        }
        try {
            PublicKey signingKey;
            if (ECDSA_P256.equals(algorithm)) {
                signingKey = KeyFactory.getInstance("EC")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(signingSpki)));
                if (!isP256(signingKey)) {
                    return Optional.empty();
                }
            } else if (ED25519.equals(algorithm)) {
                signingKey = KeyFactory.getInstance("Ed25519")
                        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(signingSpki)));
            } else {
                return Optional.empty();
            }
            return Optional.of(signingKey);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The same device keys with the person's identity and device list that name them. The caller has checked that
     * the list names these keys ({@link SignedDeviceList#names}).
     */
    public IdentityKeys withPerson(SignedDeviceList person) {
        return new IdentityKeys(agreement, signing, algorithm, signingKey, person);
    }

    /** The person these device keys belong to, when the join presented a signed device list. */
    public Optional<SignedDeviceList> person() {
        return Optional.ofNullable(person);
    }

    /** The bytes a client signs to prove it owns the keys it joined with (UTF-8, fields separated by newlines). */
    public static byte[] joinProofMessage(String challenge, String room, String nick) {
        return (JOIN_CONTEXT + "\n" + challenge + "\n" + room + "\n" + nick).getBytes(StandardCharsets.UTF_8);
    }

    /** @return whether {@code signatureBase64} is this member's signature of {@code message} */
    public boolean verifies(byte[] message, String signatureBase64) {
        return verifies(signingKey, algorithm, message, signatureBase64);
    }

    static boolean verifies(PublicKey signingKey, String algorithm, byte[] message, String signatureBase64) {
        try {
            byte[] signature = Base64.getDecoder().decode(signatureBase64);
            Signature verifier = Signature.getInstance(
                    ECDSA_P256.equals(algorithm) ? "SHA256withECDSAinP1363Format" : "Ed25519");
            verifier.initVerify(signingKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public String agreement() {
        return agreement;
    }

    public String signing() {
        return signing;
    }

    public String algorithm() {
        return algorithm;
    }

    /**
     * What a room's owner, moderators and key bans are bound to: the lowercase hex SHA-256 of the signing key's
     * SubjectPublicKeyInfo (DER, the bytes of the base64 {@link #signing()}), 64 characters. The signing key is the
     * one a member proves it holds at every join.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** {@link #fingerprint()} of a signing key given as base64 SPKI (a device as a mailbox remembers it). */
    public static String fingerprintOf(String signingSpkiBase64) {
        return fingerprintOf(Base64.getDecoder().decode(signingSpkiBase64));
    }

    static String fingerprintOf(byte[] spki) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    private static boolean isP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            return false;
        }
        ECParameterSpec params = ec.getParams();
        return params.getCurve().equals(P256.getCurve()) && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder());
    }

    private static ECParameterSpec p256() {
        try {
            java.security.AlgorithmParameters parameters = java.security.AlgorithmParameters.getInstance("EC");
            parameters.init(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no P-256", e);
        }
    }
}
