package org.safehouse.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The SHA-256 fingerprint of a certificate as browsers show it in their certificate viewer: the digest of the DER
 * encoding, uppercase hex, bytes separated by colons ({@code 3A:7F:...}, 95 characters). People compare it by eye
 * with what their browser shows before they trust a self-signed certificate.
 */
public final class CertificateFingerprint {
    private CertificateFingerprint() {
    }

    /** The fingerprint of {@code certificate}'s DER encoding. */
    public static String sha256(X509Certificate certificate) {
        try {
            return sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** The fingerprint of DER bytes. */
    public static String sha256(byte[] der) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        StringBuilder text = new StringBuilder(digest.length * 3);
        for (byte b : digest) {
            if (text.length() > 0) {
                text.append(':');
            }
            text.append(String.format(Locale.ROOT, "%02X", b & 0xff));
        }
        return text.toString();
    }
}
