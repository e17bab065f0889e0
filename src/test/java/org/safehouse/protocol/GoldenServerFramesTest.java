package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each server frame encodes to its golden file (src/test/resources/golden/server): byte for byte for the frames a
 * Ragnarok client receives, whose clients depend on their exact shape; as the same JSON tree (key order free) for
 * the rest. Every ServerFrame record has at least one golden file, and every file a value.
 */
class GoldenServerFramesTest {
    private static final GoldenFiles GOLDEN = new GoldenFiles("server");
    private final JsonCodec codec = new JsonCodec();

    @TestFactory
    Stream<DynamicTest> everyFrameEncodesAsItsGoldenFile() {
        return GoldenServerFrames.cases().entrySet().stream().map(golden -> DynamicTest.dynamicTest(golden.getKey(),
                () -> assertEncodesAs(golden.getKey(), golden.getValue())));
    }

    private void assertEncodesAs(String file, ServerFrame frame) {
        String encoded = codec.encode(frame);
        GOLDEN.writeIfMissingAndAsked(file, encoded);
        String expected = GOLDEN.read(file);
        if (file.startsWith(GoldenServerFrames.RAGNAROK)) {
            assertEquals(expected, encoded, "the exact bytes a Ragnarok client gets");
        } else {
            assertEquals(GoldenFiles.parse(expected), GoldenFiles.parse(encoded), () -> "the JSON of " + encoded);
        }
    }

    @Test
    void everyServerFrameRecordHasAGoldenFile() {
        GoldenFiles.assertEveryTypeHasAFile(ServerFrame.class, GoldenServerFrames.cases());
    }

    @Test
    void everyGoldenFileHasAValue() {
        GOLDEN.assertEveryFileHasAValue(GoldenServerFrames.cases());
    }
}
