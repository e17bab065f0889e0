package org.safehouse.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import org.safehouse.crypto.FilePermissions;

/**
 * The one process that may use a data directory's files: an exclusive OS file lock on {@code <data_dir>/.lock},
 * held by a running server with durable history (from before its SQLite stores open until after they close) and by
 * the operator's command line, so that two of them never write one history file, and an offline admin action never
 * runs under a live server. The OS releases the lock when the process ends, however it ends; the file itself stays.
 *
 * <p>Thread-safe; {@link #close} is idempotent.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DataDirectoryLock.class.getName());
    /** The lock file's name inside the data directory. */
    public static final String FILE_NAME = ".lock";

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code dataDirectory}, creating the directory (owner-only, like every directory Safehouse
     * creates) and the lock file ({@code rw-------}) when missing. Never waits.
     *
     * @return the lock, or empty when another process (or another server in this one) holds it
     * @throws IOException if the directory or the lock file cannot be created or opened
     */
    public static Optional<DataDirectoryLock> tryAcquire(Path dataDirectory) throws IOException {
        Path directory = dataDirectory.toAbsolutePath().normalize();
        FilePermissions.createOwnerOnlyDirectories(directory);
        FileChannel channel = open(directory.resolve(FILE_NAME));
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new DataDirectoryLock(directory, channel, lock));
            }
        } catch (OverlappingFileLockException e) {
            // held by this very process: a second server (or the CLI) over the same directory
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    private static FileChannel open(Path file) throws IOException {
        if (FilePermissions.supportsPosix(file)) {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(FilePermissions.OWNER_ONLY_FILE));
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** The data directory this lock guards (absolute). */
    public Path directory() {
        return directory;
    }

    /** Whether this lock is still held (not yet closed). */
    public boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock (the file stays: deleting it could race with the next process that takes it). */
    @Override
    public void close() {
        try {
            channel.close(); // releases the lock too
        } catch (IOException e) {
            LOG.log(Level.WARNING, "releasing the lock of " + directory + " failed: " + e.getMessage());
        }
    }

    /** The message of a start refused because another process holds the lock. */
    public static String heldMessage(Path dataDirectory) {
        return "another Safehouse uses " + dataDirectory.toAbsolutePath().normalize() + " (it holds "
                + FILE_NAME + "); stop it first";
    }
}
