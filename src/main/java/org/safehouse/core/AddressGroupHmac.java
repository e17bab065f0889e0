package org.safehouse.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an address ban keeps instead of an address: the HMAC-SHA256 (hex) of an address group ({@link AddressGroups})
 * under the server's secret ({@link RoomCatalog#serverSecret()}). A kept ban therefore names no address, and a
 * stolen catalog cannot be matched against a list of addresses without the secret. The digest is a lookup key, not a
 * password check, so comparing digests needs no constant-time equals. Immutable and thread-safe (a fresh
 * {@link Mac} per call).
 */
public final class AddressGroupHmac {
    /** Bytes of secret the catalogs hand out. */
    public static final int SECRET_BYTES = 32;

    private final SecretKeySpec key;

    public AddressGroupHmac(byte[] secret) {
        if (secret.length < SECRET_BYTES) {
            throw new IllegalArgumentException("the server secret must have at least " + SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The digest of {@code addressGroup} (as {@link AddressGroups#of} gives it): 64 lower-case hex digits. */
    public String digest(String addressGroup) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(addressGroup.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AddressGroupHmac[secret hidden]";
    }
}
