package org.safehouse.crypto;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The checks every loaded certificate and key go through, whatever file format they came from. */
final class CertificateChecks {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateChecks() {
    }

    /**
     * Refuses a certificate outside its validity period at {@code clock}'s now, naming both dates.
     *
     * @param file the file the certificate came from, for the message
     */
    static void requireCurrentlyValid(X509Certificate certificate, Path file, Clock clock)
            throws TlsMaterialException {
        Instant now = clock.instant();
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        String subject = certificate.getSubjectX500Principal().getName();
        String period = " (valid from " + day(notBefore) + " to " + day(notAfter) + ", now is " + day(now) + ")";
        if (now.isAfter(notAfter)) {
            throw new TlsMaterialException(file, "certificate '" + subject + "' expired on " + day(notAfter) + period);
        }
        if (now.isBefore(notBefore)) {
            throw new TlsMaterialException(file,
                    "certificate '" + subject + "' is not valid yet, only from " + day(notBefore) + period
                            + "; check this machine's clock");
        }
    }

    /**
     * Refuses a private key that does not belong to the certificate's public key.
     *
     * @param keyFile         named first in the message: the key is what does not match
     * @param certificateFile named in the message as the certificate's source
     */
    static void requireKeyMatches(PrivateKey privateKey, X509Certificate certificate, Path keyFile,
            Path certificateFile) throws TlsMaterialException {
        PublicKey publicKey = certificate.getPublicKey();
        String keyFamily = family(privateKey.getAlgorithm());
        String certificateFamily = family(publicKey.getAlgorithm());
        if (!keyFamily.equals(certificateFamily)) {
            throw new TlsMaterialException(keyFile, "the private key is an " + keyFamily + " key but the certificate in "
                    + certificateFile.toAbsolutePath() + " holds an " + certificateFamily + " public key");
        }
        if (!matches(privateKey, publicKey)) {
            throw new TlsMaterialException(keyFile, "the private key does not match the certificate in "
                    + certificateFile.toAbsolutePath() + " (the certificate was issued for a different key)");
        }
    }

    /** Whether {@code privateKey} and {@code publicKey} are the two halves of one key pair. */
    static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        if (privateKey instanceof RSAKey rsaPrivate && publicKey instanceof RSAPublicKey rsaPublic) {
            boolean sameModulus = rsaPrivate.getModulus().equals(rsaPublic.getModulus());
            if (privateKey instanceof RSAPrivateCrtKey crt) {
                return sameModulus && crt.getPublicExponent().equals(rsaPublic.getPublicExponent());
            }
            return sameModulus;
        }
        String algorithm = switch (family(privateKey.getAlgorithm())) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> privateKey.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign without a separate digest
        };
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // keys on different curves, or of a kind the JDK cannot use: not a pair we can serve
        }
    }

    private static String family(String algorithm) {
        String upper = algorithm.toUpperCase(Locale.ROOT);
        if (upper.startsWith("ED") || upper.equals("EDDSA")) {
            return "EdDSA";
        }
        if (upper.startsWith("RSA")) {
            return "RSA"; // RSA and RSASSA-PSS
        }
        if (upper.equals("ECDSA")) {
            return "EC";
        }
        return upper;
    }

    private static String day(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
