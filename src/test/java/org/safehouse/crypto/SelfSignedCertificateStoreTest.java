package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    Path temp;

    @Test
    void firstStartGeneratesCertificateWithTheHostAndLoopbackNames() throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(temp.resolve("data"), CLOCK);
        assertFalse(store.exists());

        TlsMaterial material = store.loadOrCreate("chat.example.org");

        X509Certificate certificate = material.certificate();
        assertTrue(store.exists());
        assertEquals(List.of("chat.example.org", "localhost"), SubjectAlternativeNames.dnsNames(certificate));
        assertEquals(List.of("127.0.0.1", "0:0:0:0:0:0:0:1"), SubjectAlternativeNames.ipAddresses(certificate));
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage()); // serverAuth
        assertEquals(3, certificate.getVersion());
        assertEquals(-1, certificate.getBasicConstraints()); // not a CA
        assertEquals("EC", certificate.getPublicKey().getAlgorithm());
        assertEquals(NOW.minus(Duration.ofHours(1)), certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(825)), certificate.getNotAfter().toInstant());
        certificate.verify(certificate.getPublicKey()); // self-signed
        assertEquals(CertificateFingerprint.sha256(certificate), material.fingerprint());
        assertTrue(Files.readString(store.privateKeyFile()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(store.certificateFile()).startsWith("-----BEGIN CERTIFICATE-----"));
    }

    @Test
    void configuredIpAddressBecomesAnIpAddressEntry() throws Exception {
        TlsMaterial material = new SelfSignedCertificateStore(temp, CLOCK).loadOrCreate("192.168.1.20");

        assertEquals(List.of("192.168.1.20", "127.0.0.1", "0:0:0:0:0:0:0:1"),
                SubjectAlternativeNames.ipAddresses(material.certificate()));
        assertEquals(List.of("localhost"), SubjectAlternativeNames.dnsNames(material.certificate()));
        assertEquals("CN=192.168.1.20,O=Safehouse self-signed",
                material.certificate().getSubjectX500Principal().getName());
    }

    @Test
    void laterStartsReuseTheStoredCertificateEvenForAnotherHost() throws Exception {
        Path data = temp.resolve("data");
        TlsMaterial first = new SelfSignedCertificateStore(data, CLOCK).loadOrCreate("chat.example.org");
        String keyBefore = Files.readString(data.resolve("key.pem"));

        TlsMaterial second = new SelfSignedCertificateStore(data, CLOCK).loadOrCreate("other.example.org");

        assertEquals(first.fingerprint(), second.fingerprint());
        assertEquals(keyBefore, Files.readString(data.resolve("key.pem")));
        assertFalse(SubjectAlternativeNames.covers(second.certificate(), "other.example.org"));
    }

    @Test
    void replaceGeneratesANewCertificateAndKey() throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(temp, CLOCK);
        TlsMaterial original = store.loadOrCreate("localhost");
        String keyBefore = Files.readString(store.privateKeyFile());

        TlsMaterial replaced = store.replace("chat.example.org");

        assertNotEquals(original.fingerprint(), replaced.fingerprint());
        assertNotEquals(keyBefore, Files.readString(store.privateKeyFile()));
        assertEquals(replaced.fingerprint(), store.load().fingerprint());
        assertTrue(SubjectAlternativeNames.covers(store.load().certificate(), "chat.example.org"));
    }

    @Test
    void dataDirectoryAndFilesAreOwnerOnly() throws Exception {
        assumeTrue(FilePermissions.supportsPosix(temp), "POSIX permissions");
        Path data = temp.resolve("state").resolve("tls");
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(data, CLOCK);

        store.loadOrCreate(null);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.getParent())));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(store.privateKeyFile())));
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(store.certificateFile())));
        assertFalse(FilePermissions.isReadableByGroupOrOthers(store.privateKeyFile()));
        try (var files = Files.list(data)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void aKeyWithoutItsCertificateIsNeitherOverwrittenNorUsed() throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(temp, CLOCK);
        store.loadOrCreate("localhost");
        String key = Files.readString(store.privateKeyFile());
        Files.delete(store.certificateFile());

        TlsMaterialException refused = assertThrows(TlsMaterialException.class, () -> store.loadOrCreate("localhost"));

        assertEquals(store.certificateFile(), refused.file());
        assertTrue(refused.getMessage().startsWith(store.certificateFile() + ": certificate file is missing"),
                refused.getMessage());
        assertEquals(key, Files.readString(store.privateKeyFile()));
    }

    @Test
    void anExpiredStoredCertificateIsRefusedWithAHintNotRegenerated() throws Exception {
        new SelfSignedCertificateStore(temp, CLOCK).loadOrCreate("localhost");
        Clock threeYearsLater = Clock.offset(CLOCK, Duration.ofDays(3 * 365));
        SelfSignedCertificateStore later = new SelfSignedCertificateStore(temp, threeYearsLater);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class, () -> later.loadOrCreate("localhost"));

        assertEquals(later.certificateFile(), refused.file());
        assertTrue(refused.getMessage().contains("expired on 2029-02-24T10:00:00Z"), refused.getMessage());
        assertTrue(refused.getMessage().contains("replace"), refused.getMessage());
    }

    @Test
    void rotatingTheKeyWritesANewKeyPairForTheSameNamesAndNothingWhenNoneIsStored() throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(temp.resolve("data"), CLOCK);
        assertTrue(store.rotateKey().isEmpty(), "nothing stored: nothing to rotate");
        assertFalse(store.exists());
        TlsMaterial before = store.loadOrCreate("chat.example.org");
        String keyBefore = Files.readString(store.privateKeyFile());

        TlsMaterial after = store.rotateKey().orElseThrow();

        assertNotEquals(keyBefore, Files.readString(store.privateKeyFile()));
        assertNotEquals(before.certificate().getPublicKey(), after.certificate().getPublicKey());
        assertEquals(after.fingerprint(), store.load().fingerprint(), "the next start serves the new pair");
        assertEquals(SubjectAlternativeNames.dnsNames(before.certificate()),
                SubjectAlternativeNames.dnsNames(after.certificate()));
        assertEquals(SubjectAlternativeNames.ipAddresses(before.certificate()),
                SubjectAlternativeNames.ipAddresses(after.certificate()));
    }
}
