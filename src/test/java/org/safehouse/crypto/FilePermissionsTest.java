package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePermissionsTest {
    @TempDir
    Path temp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FilePermissions.supportsPosix(temp), "POSIX permissions");
    }

    @Test
    void keyReadableByGroupOrOthersIsReported() throws Exception {
        Path key = Files.writeString(temp.resolve("key.pem"), "secret");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertTrue(FilePermissions.isReadableByGroupOrOthers(key));
        assertEquals(Optional.of("rw-r--r--"), FilePermissions.describe(key));

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertTrue(FilePermissions.isReadableByGroupOrOthers(key));

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-----w-"));
        assertFalse(FilePermissions.isReadableByGroupOrOthers(key));

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertFalse(FilePermissions.isReadableByGroupOrOthers(key));
    }

    @Test
    void createdDirectoriesAreOwnerOnlyButExistingOnesAreLeftAlone() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path data = temp.resolve("a").resolve("b");

        FilePermissions.createOwnerOnlyDirectories(data);
        FilePermissions.createOwnerOnlyDirectories(data); // idempotent

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.getParent())));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)));
    }

    @Test
    void writeOwnerOnlyReplacesAWidelyReadableFile() throws Exception {
        Path file = Files.writeString(temp.resolve("key.pem"), "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        FilePermissions.writeOwnerOnly(file, "new".getBytes());

        assertEquals("new", Files.readString(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
