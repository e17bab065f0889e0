package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.app.SafehouseAssembly;
import org.safehouse.crypto.FilePermissions;
import org.safehouse.transport.SafehouseRuntime;

/**
 * One process at a time uses a data directory: a second server (in this process or another) or the operator's
 * command line finds the lock taken until the first lets go, and a server with SQLite history refuses to start on a
 * directory another one holds, saying so.
 */
class DataDirectoryLockTest {
    @TempDir
    Path dir;

    @Test
    void aHeldLockIsRefusedToOthersUntilItIsReleased() throws Exception {
        Path data = dir.resolve("data");
        try (DataDirectoryLock first = DataDirectoryLock.tryAcquire(data).orElseThrow()) {
            assertEquals(Optional.empty(), DataDirectoryLock.tryAcquire(data), "a second holder in this process");
            assertTrue(first.isHeld());
            first.close();
            assertFalse(first.isHeld());
            try (DataDirectoryLock second = DataDirectoryLock.tryAcquire(data).orElseThrow()) {
                assertTrue(second.isHeld(), "free again once released");
            }
        }
    }

    @Test
    void theDirectoryAndTheLockFileAreCreatedOwnerOnly() throws Exception {
        assumeTrue(FilePermissions.supportsPosix(dir));
        Path data = dir.resolve("new").resolve("data");
        try (DataDirectoryLock lock = DataDirectoryLock.tryAcquire(data).orElseThrow()) {
            assertEquals(data.toAbsolutePath(), lock.directory());
            assertEquals(Optional.of("rwx------"), FilePermissions.describe(data));
            assertEquals(Optional.of("rw-------"), FilePermissions.describe(data.resolve(DataDirectoryLock.FILE_NAME)));
        }
    }

    @Test
    void anotherProcessHoldingTheLockKeepsThisOneOutUntilItEnds() throws Exception {
        Path data = dir.resolve("data");
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), data.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertEquals("locked", out.readLine(), "the other process took the lock");
            assertEquals(Optional.empty(), DataDirectoryLock.tryAcquire(data));
            holder.getOutputStream().close(); // the holder ends when its input ends
            assertTrue(holder.waitFor(60, TimeUnit.SECONDS), "the holder ended");
        } finally {
            holder.destroyForcibly();
        }
        try (DataDirectoryLock lock = DataDirectoryLock.tryAcquire(data).orElseThrow()) {
            assertTrue(lock.isHeld(), "the OS released the ended process's lock");
        }
    }

    @Test
    void aServerWithSqliteHistoryHoldsItsDataDirectoryUntilItStops() throws Exception {
        SqliteServers sqlite = new SqliteServers(() -> dir);
        SafehouseRuntime running = SafehouseAssembly.assemble(sqlite.config(SqliteServers.DEN));
        try {
            assertEquals(Optional.empty(), DataDirectoryLock.tryAcquire(dir), "the CLI finds the server running");
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> SafehouseAssembly.assemble(sqlite.config(SqliteServers.DEN)));
            assertTrue(refused.getMessage().contains("another Safehouse uses " + dir.toAbsolutePath()),
                    refused.getMessage());
        } finally {
            running.stop();
        }
        try (DataDirectoryLock lock = DataDirectoryLock.tryAcquire(dir).orElseThrow()) {
            assertTrue(lock.isHeld(), "released by stop");
        }
        assertTrue(Files.isRegularFile(dir.resolve(DataDirectoryLock.FILE_NAME)));
    }

    /** Run in another JVM: takes the lock, says so, and holds it until its standard input ends. */
    static final class LockHolder {
        private LockHolder() {
        }

        public static void main(String[] args) throws Exception {
            try (DataDirectoryLock lock = DataDirectoryLock.tryAcquire(Path.of(args[0])).orElseThrow()) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to close our input
                }
            }
        }
    }
}
