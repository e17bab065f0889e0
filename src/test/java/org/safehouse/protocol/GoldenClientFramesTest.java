package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each golden client frame (src/test/resources/golden/client) decodes to its record, Ragnarok's shape included.
 * Every ClientFrame record has at least one golden file, and every file a value.
 */
class GoldenClientFramesTest {
    private static final GoldenFiles GOLDEN = new GoldenFiles("client");
    private final JsonCodec codec = new JsonCodec();

    @TestFactory
    Stream<DynamicTest> everyFrameDecodesToItsRecord() {
        return GoldenClientFrames.cases().entrySet().stream().map(golden -> DynamicTest.dynamicTest(golden.getKey(),
                () -> assertEquals(golden.getValue(), codec.decode(GOLDEN.read(golden.getKey())))));
    }

    @Test
    void everyClientFrameRecordHasAGoldenFile() {
        GoldenFiles.assertEveryTypeHasAFile(ClientFrame.class, GoldenClientFrames.cases());
    }

    @Test
    void everyGoldenFileHasAValue() {
        GOLDEN.assertEveryFileHasAValue(GoldenClientFrames.cases());
    }
}
