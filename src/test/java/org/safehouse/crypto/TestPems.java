package org.safehouse.crypto;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Key pairs, certificates and PEM files in the formats people bring, made with BouncyCastle (no openssl). */
final class TestPems {
    private TestPems() {
    }

    static KeyPair rsaKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static X509Certificate certificate(KeyPair keyPair, Instant notBefore, Instant notAfter) {
        return SelfSignedCertificateGenerator.certify(keyPair, List.of("chat.example.org", "127.0.0.1"),
                notBefore, notAfter);
    }

    static Path writeCertificates(Path file, X509Certificate... certificates) throws Exception {
        StringBuilder text = new StringBuilder("Subject text that openssl x509 -text puts before the block\n");
        for (X509Certificate certificate : certificates) {
            text.append(pem("CERTIFICATE", certificate.getEncoded()));
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    /** {@code -----BEGIN PRIVATE KEY-----}: PKCS#8, any algorithm. */
    static Path writePkcs8(Path file, KeyPair keyPair) throws IOException {
        Files.writeString(file, pem("PRIVATE KEY", keyPair.getPrivate().getEncoded()));
        return file;
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}: PKCS#1, as {@code openssl genrsa} of OpenSSL 1.x writes it. */
    static Path writePkcs1(Path file, KeyPair rsaKeyPair) throws IOException {
        ASN1Primitive rsaPrivateKey = PrivateKeyInfo.getInstance(rsaKeyPair.getPrivate().getEncoded())
                .parsePrivateKey().toASN1Primitive();
        Files.writeString(file, pem("RSA PRIVATE KEY", rsaPrivateKey.getEncoded()));
        return file;
    }

    /**
     * {@code -----BEGIN EC PRIVATE KEY-----}: SEC1 with the curve and public key inside, preceded by an
     * {@code EC PARAMETERS} block, as {@code openssl ecparam -genkey} writes it.
     */
    static Path writeSec1(Path file, KeyPair ecKeyPair) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(ecKeyPair.getPrivate().getEncoded());
        ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
        byte[] publicPoint = SubjectPublicKeyInfo.getInstance(ecKeyPair.getPublic().getEncoded())
                .getPublicKeyData().getBytes();
        var curve = info.getPrivateKeyAlgorithm().getParameters();
        ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), new DERBitString(publicPoint), curve);
        String text = pem("EC PARAMETERS", curve.toASN1Primitive().getEncoded())
                + pem("EC PRIVATE KEY", sec1.getEncoded());
        Files.writeString(file, text);
        return file;
    }

    static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }
}
