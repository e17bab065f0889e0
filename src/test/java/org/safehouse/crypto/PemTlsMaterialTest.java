package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsMaterialTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant LAST_YEAR = NOW.minus(Duration.ofDays(365));
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));

    @TempDir
    Path temp;

    @Test
    void pkcs8EcKeyLoads() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        assertLoads(keyPair, TestPems.writePkcs8(temp.resolve("key.pem"), keyPair));
    }

    @Test
    void pkcs8RsaKeyLoads() throws Exception {
        KeyPair keyPair = TestPems.rsaKeyPair();
        assertLoads(keyPair, TestPems.writePkcs8(temp.resolve("key.pem"), keyPair));
    }

    @Test
    void pkcs1RsaKeyLoads() throws Exception {
        KeyPair keyPair = TestPems.rsaKeyPair();
        Path key = TestPems.writePkcs1(temp.resolve("key.pem"), keyPair);
        assertTrue(Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertLoads(keyPair, key);
    }

    @Test
    void sec1EcKeyWithParametersBlockLoads() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        Path key = TestPems.writeSec1(temp.resolve("key.pem"), keyPair);
        assertTrue(Files.readString(key).contains("-----BEGIN EC PRIVATE KEY-----"));
        assertLoads(keyPair, key);
    }

    @Test
    void chainKeepsItsOrderInTheKeyStore() throws Exception {
        KeyPair server = SelfSignedCertificateGenerator.newEcKeyPair();
        KeyPair other = SelfSignedCertificateGenerator.newEcKeyPair();
        X509Certificate leaf = TestPems.certificate(server, LAST_YEAR, NEXT_YEAR);
        X509Certificate intermediate = TestPems.certificate(other, LAST_YEAR, NEXT_YEAR);
        Path cert = TestPems.writeCertificates(temp.resolve("fullchain.pem"), leaf, intermediate);
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), server);

        TlsMaterial material = TlsMaterial.fromPem(cert, key, CLOCK);

        String alias = Collections.list(material.keyStore().aliases()).get(0);
        assertEquals(List.of(leaf, intermediate), List.of(material.keyStore().getCertificateChain(alias)));
        assertEquals(leaf, material.certificate());
    }

    @Test
    void mismatchedKeyIsRefusedNamingTheKeyFile() throws Exception {
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(SelfSignedCertificateGenerator.newEcKeyPair(), LAST_YEAR, NEXT_YEAR));
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), SelfSignedCertificateGenerator.newEcKeyPair());

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertEquals(key, refused.file());
        assertEquals(key + ": the private key does not match the certificate in " + cert
                + " (the certificate was issued for a different key)", refused.getMessage());
    }

    @Test
    void keyOfAnotherAlgorithmIsRefusedSayingSo() throws Exception {
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(TestPems.rsaKeyPair(), LAST_YEAR, NEXT_YEAR));
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), SelfSignedCertificateGenerator.newEcKeyPair());

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertTrue(refused.getMessage().startsWith(key + ": the private key is an EC key but the certificate in "
                + cert + " holds an RSA public key"), refused.getMessage());
    }

    @Test
    void chainInTheWrongOrderIsExplained() throws Exception {
        KeyPair server = SelfSignedCertificateGenerator.newEcKeyPair();
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(SelfSignedCertificateGenerator.newEcKeyPair(), LAST_YEAR, NEXT_YEAR),
                TestPems.certificate(server, LAST_YEAR, NEXT_YEAR));
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), server);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertEquals(cert, refused.file());
        assertTrue(refused.getMessage().contains("belongs to certificate number 2"), refused.getMessage());
    }

    @Test
    void expiredCertificateIsRefusedWithItsDates() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        Instant from = Instant.parse("2024-01-01T00:00:00Z");
        Instant to = Instant.parse("2025-01-01T00:00:00Z");
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"), TestPems.certificate(keyPair, from, to));
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), keyPair);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertEquals(cert + ": certificate 'CN=chat.example.org,O=Safehouse self-signed' expired on"
                + " 2025-01-01T00:00:00Z (valid from 2024-01-01T00:00:00Z to 2025-01-01T00:00:00Z,"
                + " now is 2026-11-22T10:00:00Z)", refused.getMessage());
    }

    @Test
    void expiredCertificateIsRefusedByTheSystemClockToo() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        Instant now = Instant.now();
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"), TestPems.certificate(keyPair,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1))));
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), keyPair);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class, () -> TlsMaterial.fromPem(cert, key));

        assertTrue(refused.getMessage().contains("expired on"), refused.getMessage());
    }

    @Test
    void certificateNotYetValidIsRefused() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(keyPair, NEXT_YEAR, NEXT_YEAR.plus(Duration.ofDays(90))));
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), keyPair);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertTrue(refused.getMessage().contains("is not valid yet, only from 2027-11-22T10:00:00Z"),
                refused.getMessage());
    }

    @Test
    void missingFileIsNamed() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(keyPair, LAST_YEAR, NEXT_YEAR));
        Path key = temp.resolve("nowhere").resolve("key.pem");

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertEquals(key + ": private key file does not exist", refused.getMessage());
    }

    @Test
    void fileWithoutCertificateIsRefused() throws Exception {
        KeyPair keyPair = SelfSignedCertificateGenerator.newEcKeyPair();
        Path key = TestPems.writePkcs8(temp.resolve("key.pem"), keyPair);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(key, key, CLOCK));

        assertTrue(refused.getMessage().startsWith(key + ": no certificate in this file"), refused.getMessage());
    }

    @Test
    void fileWithoutKeyIsRefused() throws Exception {
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(SelfSignedCertificateGenerator.newEcKeyPair(), LAST_YEAR, NEXT_YEAR));

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, cert, CLOCK));

        assertTrue(refused.getMessage().startsWith(cert + ": no private key in this file"), refused.getMessage());
    }

    @Test
    void encryptedKeyIsRefusedWithAWayOut() throws Exception {
        Path cert = TestPems.writeCertificates(temp.resolve("cert.pem"),
                TestPems.certificate(SelfSignedCertificateGenerator.newEcKeyPair(), LAST_YEAR, NEXT_YEAR));
        Path key = temp.resolve("key.pem");
        // the structure is all PEMParser looks at before refusing: algorithm identifier plus ciphertext
        byte[] encrypted = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2),
                new byte[48]).getEncoded();
        Files.writeString(key, TestPems.pem("ENCRYPTED PRIVATE KEY", encrypted));

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, key, CLOCK));

        assertTrue(refused.getMessage().startsWith(key + ": the private key is encrypted"), refused.getMessage());
    }

    @Test
    void garbageIsNotAPemFile() throws Exception {
        Path cert = temp.resolve("cert.pem");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n");

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPem(cert, cert, CLOCK));

        assertEquals(cert, refused.file());
    }

    private static void assertLoads(KeyPair keyPair, Path keyFile) throws Exception {
        X509Certificate certificate = TestPems.certificate(keyPair, LAST_YEAR, NEXT_YEAR);
        Path cert = TestPems.writeCertificates(keyFile.resolveSibling("cert.pem"), certificate);

        TlsMaterial material = TlsMaterial.fromPem(cert, keyFile, CLOCK);

        KeyStore keyStore = material.keyStore();
        assertEquals("PKCS12", keyStore.getType());
        assertEquals(1, keyStore.size());
        String alias = keyStore.aliases().nextElement();
        assertEquals(keyPair.getPrivate().getAlgorithm(),
                keyStore.getKey(alias, material.keyStorePassword()).getAlgorithm());
        assertTrue(CertificateChecks.matches(
                (PrivateKey) keyStore.getKey(alias, material.keyStorePassword()),
                keyPair.getPublic()));
        assertEquals(certificate, material.certificate());
        assertEquals(CertificateFingerprint.sha256(certificate), material.fingerprint());
    }
}
