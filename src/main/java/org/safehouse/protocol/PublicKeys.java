package org.safehouse.protocol;

import java.util.Optional;

/**
 * A member's public keys as they travel: base64 SubjectPublicKeyInfo of the ECDH P-256 agreement key and of the
 * signing key, and the signing algorithm ({@code ECDSA-P256-SHA256} or {@code Ed25519}); and, for a person with
 * several devices, the identity key's signed device list ({@link DeviceListClaim}) that names these device keys.
 * Checked by the core; relayed as received.
 */
public record PublicKeys(String agreement, String signing, String algorithm, Optional<DeviceListClaim> identity) {

    /** The keys of a device with no identity (one browser, one person: today's clients). */
    public PublicKeys(String agreement, String signing, String algorithm) {
        this(agreement, signing, algorithm, Optional.empty());
    }
}
