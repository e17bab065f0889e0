package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The golden frame files under src/test/resources/golden (see the README there): one frame per file, its exact
 * UTF-8 bytes, no trailing newline. Read from the source tree, so that {@code -Dgolden.write=true} can write a new
 * server frame's missing file from what the encoder writes (read it before committing it).
 */
final class GoldenFiles {
    static final Path ROOT = Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "golden");
    private static final boolean WRITE = Boolean.getBoolean("golden.write");

    private final Path directory;

    GoldenFiles(String directory) {
        this.directory = ROOT.resolve(directory);
    }

    /** The file's text; fails the test, naming the file, when there is none. */
    String read(String name) {
        Path file = directory.resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("no golden file " + ROOT.relativize(file) + " (write it, or run once with -Dgolden.write=true)");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With {@code -Dgolden.write=true}, when there is no such file: writes {@code text} to it. */
    void writeIfMissingAndAsked(String name, String text) {
        Path file = directory.resolve(name);
        if (!WRITE || Files.exists(file)) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of every file below the directory, relative to it, with '/' between folders. */
    private Set<String> names() {
        try (Stream<Path> files = Files.walk(directory)) {
            Set<String> names = new TreeSet<>();
            files.filter(Files::isRegularFile)
                    .forEach(file -> names.add(directory.relativize(file).toString().replace('\\', '/')));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each record the sealed type permits is the type of at least one value, so it has at least one golden file. */
    static void assertEveryTypeHasAFile(Class<?> sealedType, Map<String, ?> valuesByFile) {
        Set<Class<?>> typesWithFiles = new HashSet<>();
        valuesByFile.values().forEach(value -> typesWithFiles.add(value.getClass()));
        Class<?>[] types = sealedType.getPermittedSubclasses();
        assertTrue(types.length > 0, sealedType + " permits no subclass");
        for (Class<?> type : types) {
            assertTrue(typesWithFiles.contains(type), "no golden file for " + sealedType.getSimpleName() + "."
                    + type.getSimpleName() + ": add a value for it and its file");
        }
    }

    /** The files in the directory are exactly those that have a value. */
    void assertEveryFileHasAValue(Map<String, ?> valuesByFile) {
        assertEquals(new TreeSet<>(valuesByFile.keySet()), names(), "the files that have a value, and those under "
                + ROOT.relativize(directory));
    }

    static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
