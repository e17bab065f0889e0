package org.safehouse.crypto;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A person's identity key and the device list it signed, once the signature verified: what lets several devices
 * (each with its own {@link IdentityKeys}) be one person under one nickname. The list is signed over
 * {@code safehouse-devices-v1\n<devices string exactly as sent>} with the same algorithms and encodings as a join
 * proof. Immutable and thread-safe.
 */
public final class SignedDeviceList {
    /** The context label of device list signatures; a join proof's signature cannot be replayed as one. */
    public static final String CONTEXT = "safehouse-devices-v1";

    private final String identitySigning;
    private final String algorithm;
    private final String devices;
    private final String signature;
    private final String identityFingerprint;
    private final long version;
    /** The listed devices' signing keys (base64 SPKI) by their fingerprint, in the list's order. */
    private final Map<String, String> deviceSigningKeys;

    private SignedDeviceList(String identitySigning, String algorithm, String devices, String signature,
                             long version, Map<String, String> deviceSigningKeys) {
        this.identitySigning = identitySigning;
        this.algorithm = algorithm;
        this.devices = devices;
        this.signature = signature;
        this.identityFingerprint = IdentityKeys.fingerprintOf(Base64.getDecoder().decode(identitySigning));
        this.version = version;
        this.deviceSigningKeys = Collections.unmodifiableMap(deviceSigningKeys);
    }

    /** Whether {@code spki} (base64) is an ECDSA P-256 or Ed25519 signing key, as {@code algorithm} names. */
    public static boolean isSigningKey(String spki, String algorithm) {
        return IdentityKeys.signingKey(spki, algorithm).isPresent();
    }

    /**
     * The list, when {@code signature} is the identity key's signature of it.
     *
     * @param version           the list's version, as the caller read it from {@code devices}
     * @param deviceSigningKeys the listed devices' signing keys (base64 SPKI), as the caller read them
     * @return empty when the identity key is not a key or the signature does not verify
     */
    public static Optional<SignedDeviceList> verify(String identitySpki, String algorithm, String devices,
                                                    String signature, long version, List<String> deviceSigningKeys) {
        Optional<PublicKey> identity = IdentityKeys.signingKey(identitySpki, algorithm);
        if (identity.isEmpty() || !IdentityKeys.verifies(identity.get(), algorithm, signedBytes(devices), signature)) {
            return Optional.empty();
        }
        Map<String, String> byFingerprint = new LinkedHashMap<>();
        for (String key : deviceSigningKeys) {
            byFingerprint.put(IdentityKeys.fingerprintOf(Base64.getDecoder().decode(key)), key);
        }
        return Optional.of(new SignedDeviceList(identitySpki, algorithm, devices, signature, version, byFingerprint));
    }

    /** The bytes an identity key signs for a device list: UTF-8 of {@code safehouse-devices-v1\n<devices>}. */
    public static byte[] signedBytes(String devices) {
        return (CONTEXT + "\n" + devices).getBytes(StandardCharsets.UTF_8);
    }

    /** The identity signing key, base64 SPKI as sent. */
    public String identitySigning() {
        return identitySigning;
    }

    public String algorithm() {
        return algorithm;
    }

    /** The device list, base64 of its JSON, exactly as sent (and as relayed). */
    public String devices() {
        return devices;
    }

    public String signature() {
        return signature;
    }

    /** Lowercase hex SHA-256 of the identity key's SPKI: the same person has the same one on every device. */
    public String identityFingerprint() {
        return identityFingerprint;
    }

    /** The list's version: higher is newer. */
    public long version() {
        return version;
    }

    /** Whether the list names a device with this signing-key fingerprint. */
    public boolean names(String deviceFingerprint) {
        return deviceSigningKeys.containsKey(deviceFingerprint);
    }

    /** The listed device's signing key (base64 SPKI) with this fingerprint, if the list names one. */
    public Optional<String> deviceSigningKey(String deviceFingerprint) {
        return Optional.ofNullable(deviceSigningKeys.get(deviceFingerprint));
    }

    /** The listed devices' signing keys (base64 SPKI) by fingerprint, in the list's order; unmodifiable. */
    public Map<String, String> deviceSigningKeys() {
        return deviceSigningKeys;
    }

    /** Whether {@code other} is signed by the same identity key. */
    public boolean samePerson(SignedDeviceList other) {
        return identityFingerprint.equals(other.identityFingerprint);
    }
}
