package org.safehouse.crypto;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds self-signed X.509 v3 server certificates with BouncyCastle's bcpkix: an EC P-256 key pair, subject
 * alternative names for the configured host plus {@code localhost}, {@code 127.0.0.1} and {@code ::1} (IP literals
 * as iPAddress entries, everything else as dNSName), {@code serverAuth} extended key usage, not a CA.
 *
 * <p>825 days of validity is the longest Apple platforms accept for a TLS server certificate; the certificate
 * starts one hour in the past so a client whose clock is slightly behind still accepts it. Stateless and
 * thread-safe.
 */
public final class SelfSignedCertificateGenerator {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(825);
    public static final Duration BACKDATING = Duration.ofHours(1);
    /** Always in the certificate, whatever host is configured. */
    public static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

    private static final SecureRandom RANDOM = new SecureRandom();

    private SelfSignedCertificateGenerator() {
    }

    /** A key pair and the self-signed certificate for its public key. */
    public record SelfSignedCertificate(KeyPair keyPair, X509Certificate certificate) {
    }

    /**
     * A new EC P-256 key pair and a certificate valid from {@code now} minus {@link #BACKDATING} for
     * {@link #DEFAULT_VALIDITY}, named for {@code host} (may be null or a wildcard bind address, then only the
     * loopback names are used).
     */
    public static SelfSignedCertificate generate(String host, Instant now) {
        KeyPair keyPair = newEcKeyPair();
        X509Certificate certificate =
                certify(keyPair, namesFor(host), now.minus(BACKDATING), now.plus(DEFAULT_VALIDITY));
        return new SelfSignedCertificate(keyPair, certificate);
    }

    /** A fresh EC key pair on NIST P-256 (secp256r1), from the JDK's provider. */
    public static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no EC P-256 key pairs", e);
        }
    }

    /**
     * The subject alternative names for {@code host}: the host itself first (brackets removed from IPv6, names
     * lowercased and in ASCII form), then {@link #LOOPBACK_NAMES}, without duplicates. A null or blank host and
     * the wildcard bind addresses {@code 0.0.0.0} and {@code ::} add nothing: no client connects to them.
     *
     * @throws IllegalArgumentException if {@code host} is neither an IP literal nor a valid host name
     */
    public static List<String> namesFor(String host) {
        Set<String> names = new LinkedHashSet<>();
        if (host != null && !host.isBlank()) {
            String bare = SubjectAlternativeNames.stripBrackets(host.trim());
            if (SubjectAlternativeNames.isIpAddress(bare)) {
                if (!isWildcardAddress(bare)) {
                    names.add(bare.toLowerCase(Locale.ROOT));
                }
            } else {
                names.add(SubjectAlternativeNames.asciiHostName(bare));
            }
        }
        names.addAll(LOOPBACK_NAMES);
        return List.copyOf(names);
    }

    /**
     * A self-signed certificate for {@code keyPair} (EC, RSA or EdDSA) naming {@code names} as subject alternative
     * names; the subject's CN is the first name. Signed with SHA-256 (ECDSA or RSA PKCS#1 v1.5) or EdDSA.
     */
    public static X509Certificate certify(KeyPair keyPair, List<String> names, Instant notBefore, Instant notAfter) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a certificate needs at least one name");
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Safehouse self-signed") // most significant first: Java prints CN=...,O=...
                .addRDN(BCStyle.CN, names.get(0))
                .build();
        BigInteger serial = new BigInteger(159, RANDOM).setBit(158); // positive, 20 bytes at most, never zero
        String keyAlgorithm = keyPair.getPrivate().getAlgorithm();
        boolean rsa = keyAlgorithm.equals("RSA");
        try {
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(rsa
                            ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
                            : KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, generalNames(names))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensionUtils.createSubjectKeyIdentifier(keyPair.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensionUtils.createAuthorityKeyIdentifier(keyPair.getPublic()));
            String signatureAlgorithm = switch (keyAlgorithm) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                default -> keyAlgorithm; // EdDSA, Ed25519, Ed448
            };
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(keyPair.getPrivate())));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isWildcardAddress(String ipLiteral) {
        try {
            return InetAddress.getByName(ipLiteral).isAnyLocalAddress(); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static GeneralNames generalNames(List<String> names) {
        List<GeneralName> entries = new ArrayList<>();
        for (String name : names) {
            entries.add(SubjectAlternativeNames.isIpAddress(name)
                    ? new GeneralName(GeneralName.iPAddress, SubjectAlternativeNames.stripBrackets(name))
                    : new GeneralName(GeneralName.dNSName, name));
        }
        return new GeneralNames(entries.toArray(new GeneralName[0]));
    }
}
