package org.safehouse.protocol;

/**
 * A member's public keys as they travel: base64 SubjectPublicKeyInfo of the ECDH P-256 agreement key and of the
 * signing key, and the signing algorithm ({@code ECDSA-P256-SHA256} or {@code Ed25519}). Checked by the core.
 */
public record PublicKeys(String agreement, String signing, String algorithm) {
}
