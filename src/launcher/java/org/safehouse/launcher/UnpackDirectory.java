package org.safehouse.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Where {@code java -jar} unpacks the WAR: a fresh directory per run, {@code safehouse-<random>} under
 * {@code $XDG_RUNTIME_DIR} when that is a private directory of ours, else under {@code java.io.tmpdir}.
 *
 * <ul>
 *   <li>The directory is created atomically with mode 700 (never an existing one, so nothing another local user
 *       prepared is ever loaded), then checked: ours, not a link, owner-only.</li>
 *   <li>A parent that other users may write to without the sticky bit is refused: they could rename our directory
 *       away and put theirs in its place.</li>
 *   <li>It holds a {@code .pid} file. {@link #removeStale} deletes earlier directories of ours whose process is gone
 *       (a crash or {@code kill -9}); {@link #delete} removes this one on exit.</li>
 * </ul>
 * Every problem is an {@link IOException} whose message is one line for the person running the server.
 */
final class UnpackDirectory {
    static final String PREFIX = "safehouse-";
    static final String PID_FILE = ".pid";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** S_ISVTX, S_IWGRP and S_IWOTH of {@code unix:mode}. */
    private static final int STICKY = 01000;
    private static final int GROUP_OR_OTHER_WRITE = 0022;

    private UnpackDirectory() {
    }

    /** The directory the run-time directories go in. */
    static Path parent() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            Path candidate = Path.of(runtime);
            if (isPrivateToUs(candidate)) {
                return candidate;
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Creates a new owner-only directory under {@code parent} and writes our PID into it. */
    static Path create(Path parent) throws IOException {
        refuseUnsafeParent(parent);
        Path directory;
        if (isPosix(parent)) {
            directory = Files.createTempDirectory(parent, PREFIX, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            // The umask can only take bits away; anything but exactly 700 means someone else is involved.
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS);
            if (!permissions.equals(OWNER_ONLY) || !ownedByUs(directory)) {
                throw new IOException(directory + " is not a private directory of ours right after creating it ("
                        + PosixFilePermissions.toString(permissions) + ")");
            }
        } else {
            directory = Files.createTempDirectory(parent, PREFIX); // per-user temp folder on Windows
        }
        Files.writeString(directory.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return directory;
    }

    /** Extracts every entry of {@code war} into {@code directory}, refusing entries that would land outside it. */
    static void extract(Path war, Path directory) throws IOException {
        try (JarFile jar = new JarFile(war.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                Path out = directory.resolve(entry.getName()).normalize();
                if (!out.startsWith(directory) || out.equals(directory.resolve(PID_FILE))) {
                    throw new IOException("refusing the WAR entry " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, out); // never over an existing file
                    }
                }
            }
        }
    }

    /**
     * Deletes directories {@code safehouse-*} under {@code parent} that we own and whose {@code .pid} names a process
     * that is gone. Anything else (another user's, a live run's, one without a PID file) is left alone.
     */
    static void removeStale(Path parent) {
        try (Stream<Path> children = Files.list(parent)) {
            for (Path child : children.filter(p -> p.getFileName().toString().startsWith(PREFIX)).toList()) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && ownedByUs(child)
                        && deadRun(child.resolve(PID_FILE))) {
                    delete(child);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a stale directory is untidy, never a reason not to start
        }
    }

    /** Removes {@code directory} and everything in it, never following links out of it. Quiet on failure. */
    static void delete(Path directory) {
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            System.err.println("safehouse: could not remove " + directory + ": " + e.getMessage());
        }
    }

    private static boolean deadRun(Path pidFile) {
        try {
            if (Files.isSymbolicLink(pidFile) || !Files.isRegularFile(pidFile)) {
                return false;
            }
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
            Optional<ProcessHandle> process = ProcessHandle.of(pid);
            return process.isEmpty() || !process.get().isAlive();
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private static void refuseUnsafeParent(Path parent) throws IOException {
        if (!Files.isDirectory(parent)) {
            throw new IOException(parent + " (java.io.tmpdir) is not a directory");
        }
        if (!isPosix(parent)) {
            return;
        }
        Optional<Integer> mode = mode(parent);
        if (mode.isPresent() && (mode.get() & GROUP_OR_OTHER_WRITE) != 0 && (mode.get() & STICKY) == 0) {
            throw new IOException(parent + " is writable by other users and not sticky, so the unpacked server "
                    + "could be swapped; set -Djava.io.tmpdir to a directory of your own");
        }
    }

    private static boolean isPrivateToUs(Path directory) {
        try {
            return Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS) && isPosix(directory)
                    && ownedByUs(directory)
                    && Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean ownedByUs(Path path) throws IOException {
        Optional<String> user = ProcessHandle.current().info().user();
        String owner = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        return owner.equals(user.orElse(System.getProperty("user.name")));
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }

    /** The full mode bits (with the sticky bit, which the POSIX view leaves out), where the platform tells. */
    private static Optional<Integer> mode(Path path) {
        try {
            return Optional.of((Integer) Files.getAttribute(path, "unix:mode"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
