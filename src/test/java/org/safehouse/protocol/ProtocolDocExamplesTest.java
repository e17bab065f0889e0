package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The frames docs/PROTOCOL.md shows agree with the golden files, which are the truth clients depend on: each example
 * (in a json block, or inline code starting with {@code {"msgType"} or {@code {"ServerName"}) has the fields, in the
 * order and of the JSON types, of some golden frame. Placeholders {@code [<Broadcast>...]} and {@code [...]} stand for
 * any array; inline examples that are not JSON ({@code "room":R}) are prose and skipped.
 */
class ProtocolDocExamplesTest {
    private static final Path DOC = Path.of(System.getProperty("basedir", "."), "docs", "PROTOCOL.md");
    private static final Pattern JSON_BLOCK = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern INLINE_FRAME = Pattern.compile("`(\\{\"(?:msgType|ServerName)\"[^`]*)`");

    @Test
    void everyFrameTheProtocolShowsHasTheShapeOfAGoldenFrame() throws IOException {
        List<JsonObject> golden = goldenFrames();
        List<String> examples = examples(Files.readString(DOC, StandardCharsets.UTF_8));
        assertTrue(examples.size() >= 20, "examples found in PROTOCOL.md: " + examples);
        for (String example : examples) {
            JsonObject shown = GoldenFiles.parse(example);
            assertTrue(golden.stream().anyMatch(frame -> sameShape(shown, frame)),
                    "docs/PROTOCOL.md shows a frame no golden file has (fields, their order, their types): "
                            + example);
        }
    }

    @Test
    void aFieldOutOfOrderOrMissingIsNoMatch() {
        JsonObject golden = GoldenFiles.parse("{\"msgType\":\"Left\",\"room\":\"lobby\",\"n\":[1]}");
        assertTrue(sameShape(GoldenFiles.parse("{\"msgType\":\"Left\",\"room\":\"x\",\"n\":[]}"), golden));
        assertFalse(sameShape(GoldenFiles.parse("{\"room\":\"x\",\"msgType\":\"Left\",\"n\":[]}"), golden));
        assertFalse(sameShape(GoldenFiles.parse("{\"msgType\":\"Left\",\"room\":\"x\"}"), golden));
        assertFalse(sameShape(GoldenFiles.parse("{\"msgType\":\"Left\",\"room\":1,\"n\":[]}"), golden));
        assertFalse(sameShape(GoldenFiles.parse("{\"msgType\":\"Leave\",\"room\":\"x\",\"n\":[]}"), golden));
    }

    private static List<JsonObject> goldenFrames() {
        List<JsonObject> frames = new ArrayList<>();
        GoldenServerFrames.cases().keySet().forEach(file -> frames.add(GoldenFiles.parse(
                new GoldenFiles("server").read(file))));
        GoldenClientFrames.cases().keySet().forEach(file -> frames.add(GoldenFiles.parse(
                new GoldenFiles("client").read(file))));
        return frames;
    }

    /** Every object of every json block, and every inline frame that is JSON, with placeholder arrays emptied. */
    static List<String> examples(String doc) {
        List<String> examples = new ArrayList<>();
        Matcher blocks = JSON_BLOCK.matcher(doc);
        while (blocks.find()) {
            examples.addAll(topLevelObjects(withoutPlaceholders(blocks.group(1))));
        }
        Matcher inline = INLINE_FRAME.matcher(doc);
        while (inline.find()) {
            String example = withoutPlaceholders(inline.group(1));
            try {
                GoldenFiles.parse(example);
                examples.add(example);
            } catch (JsonException e) {
                // prose such as {"msgType":"History","room":R,...}
            }
        }
        return examples;
    }

    private static String withoutPlaceholders(String text) {
        return text.replace("[<Broadcast>...]", "[]").replace("[...]", "[]");
    }

    /** Splits text holding JSON objects one after another by their braces (outside strings). */
    private static List<String> topLevelObjects(String text) {
        List<String> objects = new ArrayList<>();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' && depth++ == 0) {
                start = i;
            } else if (c == '}' && --depth == 0) {
                objects.add(text.substring(start, i + 1));
            }
        }
        if (depth != 0) {
            fail("unbalanced braces in a json block of PROTOCOL.md: " + text);
        }
        return objects;
    }

    /**
     * The same fields in the same order with the same JSON types, the same msgType, and, inside, the same shapes
     * (arrays compare their first elements; an empty array matches any).
     */
    static boolean sameShape(JsonValue shown, JsonValue golden) {
        if (shown instanceof JsonObject shownObject && golden instanceof JsonObject goldenObject) {
            boolean sameFields = List.copyOf(shownObject.keySet()).equals(List.copyOf(goldenObject.keySet()));
            if (!sameFields || !Objects.equals(shownObject.get("msgType"), goldenObject.get("msgType"))) {
                return false;
            }
            for (Map.Entry<String, JsonValue> field : shownObject.entrySet()) {
                if (!sameShape(field.getValue(), goldenObject.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (shown instanceof JsonArray shownArray && golden instanceof JsonArray goldenArray) {
            return shownArray.isEmpty() || goldenArray.isEmpty() || sameShape(shownArray.get(0), goldenArray.get(0));
        }
        return kind(shown) == kind(golden);
    }

    private static JsonValue.ValueType kind(JsonValue value) {
        return value.getValueType() == JsonValue.ValueType.FALSE ? JsonValue.ValueType.TRUE : value.getValueType();
    }
}
