package org.safehouse.fuzz;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.safehouse.protocol.JsonCodec;

/**
 * Replays the committed regression corpus (src/test/resources/fuzz) through the fuzz tests' checks, every run: each
 * file is {@code {"why": ..., "frames": [...]}}; codec/ decodes each frame, ragnarok/ is one handshake, join/ one
 * sequence on a modern connection. Add the input of any failure the properties find here.
 */
class FuzzCorpusTest {

    @TestFactory
    Stream<DynamicTest> codec() throws Exception {
        JsonCodec codec = new JsonCodec();
        return replay("codec", frames -> frames.forEach(frame -> CodecFuzzTest.decodes(codec, frame)));
    }

    @TestFactory
    Stream<DynamicTest> ragnarok() throws Exception {
        return replay("ragnarok", HandshakeFuzzTest::handshake);
    }

    @TestFactory
    Stream<DynamicTest> join() throws Exception {
        return replay("join", JoinProveFuzzTest::sequence);
    }

    private static Stream<DynamicTest> replay(String folder, Consumer<List<String>> check)
            throws IOException, URISyntaxException {
        Path directory = Path.of(FuzzCorpusTest.class.getResource("/fuzz/" + folder).toURI());
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new AssertionError("no corpus in " + directory);
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            JsonObject entry = FuzzInputs.parse(Files.readString(file));
            check.accept(entry.getJsonArray("frames").getValuesAs(JsonString::getString));
        }));
    }
}
