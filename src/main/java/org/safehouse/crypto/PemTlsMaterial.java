package org.safehouse.crypto;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads a PEM certificate chain and a PEM private key, as Ragnarok's {@code SSL_Cert} and {@code SSL_Key} name them,
 * and checks that they can be served.
 *
 * <p>Accepted: certificate files with one or more {@code CERTIFICATE} blocks, the server's own certificate first and
 * then its intermediates (the order Let's Encrypt's {@code fullchain.pem} uses); unencrypted keys as PKCS#8
 * ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}, optionally preceded by
 * {@code EC PARAMETERS}); Ed25519 and Ed448 keys in PKCS#8 too. Text around the blocks is ignored.
 *
 * <p>Refused, each with a {@link TlsMaterialException} naming the file: a missing, unreadable or non-PEM file, a
 * certificate file without a certificate, a key file without a key or with several, an encrypted key, a key that is
 * not the certificate's, any certificate of the chain outside its validity period.
 */
public final class PemTlsMaterial {
    private static final Map<ASN1ObjectIdentifier, String> KEY_ALGORITHMS = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            X9ObjectIdentifiers.id_dsa, "DSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    private PemTlsMaterial() {
    }

    /** The certificate chain, leaf first, and the private key: loaded and validated, not yet in a keystore. */
    public record Loaded(List<X509Certificate> chain, PrivateKey privateKey) {
        public Loaded {
            chain = List.copyOf(chain);
        }

        /** The server's own certificate, the one whose public key matches {@link #privateKey()}. */
        public X509Certificate leaf() {
            return chain.get(0);
        }
    }

    /**
     * Loads and validates {@code certificateFile} and {@code privateKeyFile} (they may be the same file).
     *
     * @param clock whose now the validity period is checked against
     */
    public static Loaded load(Path certificateFile, Path privateKeyFile, Clock clock) throws TlsMaterialException {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey privateKey = readPrivateKey(privateKeyFile);
        try {
            CertificateChecks.requireKeyMatches(privateKey, chain.get(0), privateKeyFile, certificateFile);
        } catch (TlsMaterialException mismatch) {
            for (int i = 1; i < chain.size(); i++) {
                if (CertificateChecks.matches(privateKey, chain.get(i).getPublicKey())) {
                    throw new TlsMaterialException(certificateFile, "the private key in "
                            + privateKeyFile.toAbsolutePath() + " belongs to certificate number " + (i + 1)
                            + " in this file; put the server's own certificate first", mismatch);
                }
            }
            throw mismatch;
        }
        for (X509Certificate certificate : chain) {
            CertificateChecks.requireCurrentlyValid(certificate, certificateFile, clock);
        }
        return new Loaded(chain, privateKey);
    }

    /** Every certificate in {@code file}, in file order; at least one. */
    public static List<X509Certificate> readCertificates(Path file) throws TlsMaterialException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readPemObjects(file, "certificate")) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsMaterialException(file, "certificate number " + (certificates.size() + 1)
                            + " cannot be read: " + e.getMessage(), e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsMaterialException(file, "no certificate in this file (expected a PEM block starting with"
                    + " -----BEGIN CERTIFICATE-----)");
        }
        return List.copyOf(certificates);
    }

    /** The one unencrypted private key in {@code file}. */
    public static PrivateKey readPrivateKey(Path file) throws TlsMaterialException {
        List<PrivateKeyInfo> keys = new ArrayList<>();
        for (Object object : readPemObjects(file, "private key")) {
            if (object instanceof PrivateKeyInfo info) {
                keys.add(info); // PKCS#8
            } else if (object instanceof PEMKeyPair pair) {
                keys.add(pair.getPrivateKeyInfo()); // PKCS#1 RSA or SEC1 EC, converted to PKCS#8
            } else if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
                throw new TlsMaterialException(file, "the private key is encrypted with a passphrase, which is not"
                        + " supported; write it unencrypted (for example `openssl pkey -in " + file.getFileName()
                        + " -out unencrypted-key.pem`) and keep the file readable by this user only");
            }
        }
        if (keys.isEmpty()) {
            throw new TlsMaterialException(file, "no private key in this file (expected a PEM block starting with"
                    + " -----BEGIN PRIVATE KEY-----, -----BEGIN RSA PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----)");
        }
        if (keys.size() > 1) {
            throw new TlsMaterialException(file, keys.size() + " private keys in this file; keep only the server's");
        }
        return toPrivateKey(keys.get(0), file);
    }

    private static PrivateKey toPrivateKey(PrivateKeyInfo info, Path file) throws TlsMaterialException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = KEY_ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new TlsMaterialException(file, "unsupported private key algorithm (OID " + oid + ")");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsMaterialException(file, "the " + algorithm + " private key cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static List<Object> readPemObjects(Path file, String role) throws TlsMaterialException {
        requireReadableFile(file, role);
        List<Object> objects = new ArrayList<>();
        // ISO-8859-1 decodes any byte, so stray text around the blocks (openssl -text output) never fails decoding
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file, role + " file is not readable by this user", e);
        } catch (IOException | RuntimeException e) {
            throw new TlsMaterialException(file, "not a valid PEM " + role + " file: " + e.getMessage(), e);
        }
        return objects;
    }

    /** Refuses a path that is missing, not a regular file or not readable, naming the file's role. */
    static void requireReadableFile(Path file, String role) throws TlsMaterialException {
        if (!Files.exists(file)) {
            throw new TlsMaterialException(file, role + " file does not exist", new NoSuchFileException(file.toString()));
        }
        if (!Files.isRegularFile(file)) {
            throw new TlsMaterialException(file, role + " file is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new TlsMaterialException(file, role + " file is not readable by this user");
        }
    }
}
