package org.safehouse.crypto;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Owner-only files and directories for secrets, and the check that a key file is not readable by other users.
 *
 * <p>On file systems without POSIX permissions (Windows, some network mounts) permissions are left to the platform
 * and the check answers {@code false}: this class never fails only because POSIX permissions are unsupported.
 */
public final class FilePermissions {
    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> READ_BY_OTHERS =
            EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private FilePermissions() {
    }

    /** Whether {@code path}'s file system (of the path, or of its nearest existing ancestor) has POSIX permissions. */
    public static boolean supportsPosix(Path path) {
        return path.toAbsolutePath().getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /**
     * Creates {@code directory} and any missing parents, each one it creates with {@code rwx------}. A directory
     * that already exists is left as it is (the launcher must not tighten, say, a home directory it was pointed at);
     * the secrets written into it are owner-only on their own.
     *
     * @throws IOException if a directory cannot be created, or a non-directory is in the way
     */
    public static void createOwnerOnlyDirectories(Path directory) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = directory.toAbsolutePath(); p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        boolean posix = supportsPosix(directory);
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            try {
                if (posix) {
                    Files.createDirectory(next, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
                    Files.setPosixFilePermissions(next, OWNER_ONLY_DIRECTORY); // the umask may have narrowed it
                } else {
                    Files.createDirectory(next);
                }
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(next)) {
                    throw e; // a file is in the way; another process creating the directory is fine
                }
            }
        }
    }

    /**
     * Replaces {@code file} with {@code content} atomically where the file system allows it: the bytes go to a new
     * {@code rw-------} file in the same directory, which is then moved over {@code file}. A reader never sees a
     * half-written file, and the secret is never readable by others, not even for a moment.
     */
    public static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        Path temporary = supportsPosix(target)
                ? Files.createTempFile(directory, "." + target.getFileName(), ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            Files.write(temporary, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Whether users other than the owner may read {@code file}: {@code true} if its POSIX permissions grant group or
     * others read access. Follows symbolic links. {@code false} where POSIX permissions are unsupported.
     *
     * @throws IOException if the file does not exist or its attributes cannot be read
     */
    public static boolean isReadableByGroupOrOthers(Path file) throws IOException {
        Optional<Set<PosixFilePermission>> permissions = posixPermissions(file);
        return permissions.isPresent() && permissions.get().stream().anyMatch(READ_BY_OTHERS::contains);
    }

    /**
     * {@code file}'s permissions in {@code ls -l} form ({@code rw-r--r--}), for messages; empty where POSIX
     * permissions are unsupported.
     */
    public static Optional<String> describe(Path file) throws IOException {
        return posixPermissions(file).map(PosixFilePermissions::toString);
    }

    private static Optional<Set<PosixFilePermission>> posixPermissions(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        return Optional.of(view.readAttributes().permissions());
    }
}
