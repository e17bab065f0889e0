package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
        GOLDEN.writeIfAsked(file, encoded);
        String expected = GOLDEN.read(file);
        if (file.startsWith(GoldenServerFrames.RAGNAROK)) {
            assertEquals(expected, encoded, "the exact bytes a Ragnarok client gets");
        } else {
            assertEquals(GoldenFiles.parse(expected), GoldenFiles.parse(encoded), () -> "the JSON of " + encoded);
        }
    }

    @Test
    void everyServerFrameRecordHasAGoldenFile() {
        Map<Class<?>, List<String>> filesByType = GoldenServerFrames.cases().entrySet().stream().collect(
                Collectors.groupingBy(golden -> golden.getValue().getClass(),
                        Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
        Class<?>[] types = ServerFrame.class.getPermittedSubclasses();
        assertTrue(types.length >= 14, "ServerFrame's records: " + Arrays.toString(types));
        for (Class<?> type : types) {
            assertTrue(filesByType.containsKey(type), "no golden file for ServerFrame." + type.getSimpleName()
                    + ": add its value to GoldenServerFrames and its file under golden/server");
        }
    }

    @Test
    void everyGoldenFileHasAValue() {
        assertEquals(new TreeSet<>(GoldenServerFrames.cases().keySet()), GOLDEN.names(),
                "the values of GoldenServerFrames, and the files under golden/server");
    }
}
