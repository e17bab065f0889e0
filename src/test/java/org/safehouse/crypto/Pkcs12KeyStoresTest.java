package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12KeyStoresTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();

    @TempDir
    Path temp;

    @Test
    void writtenKeyStoreLoadsBackWithTheSameCertificate() throws Exception {
        TlsMaterial generated = new SelfSignedCertificateStore(temp.resolve("data")).loadOrCreate("localhost");
        Path file = temp.resolve("keystore.p12");

        generated.writePkcs12(file, PASSWORD);
        TlsMaterial loaded = TlsMaterial.fromPkcs12(file, PASSWORD);

        assertEquals(generated.fingerprint(), loaded.fingerprint());
        assertEquals("PKCS12", loaded.keyStore().getType());
        assertEquals(String.valueOf(PASSWORD), String.valueOf(loaded.keyStorePassword()));
        if (FilePermissions.supportsPosix(file)) {
            assertFalse(FilePermissions.isReadableByGroupOrOthers(file));
        }
    }

    @Test
    void wrongPasswordIsNamedAsSuch() throws Exception {
        Path file = temp.resolve("keystore.p12");
        new SelfSignedCertificateStore(temp.resolve("data")).loadOrCreate(null).writePkcs12(file, PASSWORD);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPkcs12(file, "wrong".toCharArray()));

        assertEquals(file + ": wrong keystore password", refused.getMessage());
    }

    @Test
    void pemFileIsNotAKeyStore() throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(temp);
        store.loadOrCreate(null);

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPkcs12(store.certificateFile(), PASSWORD));

        assertTrue(refused.getMessage().startsWith(store.certificateFile() + ": not a PKCS12 keystore"),
                refused.getMessage());
    }

    @Test
    void expiredEntryIsRefused() throws Exception {
        Path file = temp.resolve("keystore.p12");
        new SelfSignedCertificateStore(temp.resolve("data")).loadOrCreate(null).writePkcs12(file, PASSWORD);
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(1000));

        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPkcs12(file, PASSWORD, later));

        assertTrue(refused.getMessage().contains("expired on"), refused.getMessage());
    }

    @Test
    void missingKeyStoreIsNamed() {
        Path file = temp.resolve("absent.p12");
        TlsMaterialException refused = assertThrows(TlsMaterialException.class,
                () -> TlsMaterial.fromPkcs12(file, PASSWORD));
        assertEquals(file + ": PKCS12 keystore file does not exist", refused.getMessage());
        assertTrue(Files.notExists(file));
    }
}
