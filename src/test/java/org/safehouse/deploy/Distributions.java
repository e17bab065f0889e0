package org.safehouse.deploy;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** Where failsafe unpacked the container distributions (pom.xml, unpack-distributions), and file copying. */
public final class Distributions {
    private Distributions() {
    }

    /** The directory named by a system property, which must exist. */
    static Path required(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isDirectory(Path.of(value))) {
            throw new IllegalStateException("system property " + property + " (" + value + ") names no directory: "
                    + "run through `mvn verify`, whose pre-integration-test phase unpacks the distributions");
        }
        return Path.of(value);
    }

    /** The freshly built WAR: the {@code safehouse.war} system property (set by failsafe). */
    public static Path war() {
        Path war = Path.of(System.getProperty("safehouse.war", "target/safehouse.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war.toAbsolutePath() + " is missing: run `mvn verify`");
        }
        return war;
    }

    /** Copies a directory tree, leaving out the top-level entries named in {@code skip}. */
    static void copyTree(Path from, Path to, Set<String> skip) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Path relative = from.relativize(dir);
                if (relative.getNameCount() == 1 && skip.contains(relative.toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(relative.toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** {@code text} with {@code target} replaced, failing when it is not there (a distribution changed shape). */
    static String replaceRequired(String text, String target, String replacement, String what) {
        if (!text.contains(target)) {
            throw new IllegalStateException(what + " no longer contains " + target);
        }
        return text.replace(target, replacement);
    }
}
