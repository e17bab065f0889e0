package org.safehouse.config;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against the part of JSON Schema (draft-07) that docs/config.schema.json uses: {@code type}
 * (one or a list), {@code properties}, {@code patternProperties}, {@code additionalProperties: false},
 * {@code required}, {@code items}, {@code enum}, {@code minimum}/{@code maximum}, {@code minLength}/{@code maxLength}
 * and {@code pattern}. A keyword outside that subset fails the check, so the schema cannot grow past what this test
 * understands without someone noticing. For tests only.
 */
final class JsonSchemaSubset {
    private static final List<String> KNOWN = List.of("$schema", "title", "description", "default", "type",
            "properties", "patternProperties", "additionalProperties", "required", "items", "enum", "minimum",
            "maximum", "minLength", "maxLength", "pattern");

    private JsonSchemaSubset() {
    }

    /** Every problem found, each naming the path of the offending value ({@code $.limits.max_rooms}); empty if none. */
    static List<String> validate(JsonObject schema, JsonValue value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonObject schema, JsonValue value, String path, List<String> problems) {
        for (String keyword : schema.keySet()) {
            if (!KNOWN.contains(keyword)) {
                problems.add(path + ": the schema uses \"" + keyword + "\", which this checker does not understand");
            }
        }
        if (schema.containsKey("type") && !typeMatches(schema.get("type"), value)) {
            problems.add(path + ": " + value + " is not of type " + schema.get("type"));
            return;
        }
        if (schema.containsKey("enum") && !schema.getJsonArray("enum").contains(value)) {
            problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value instanceof JsonNumber number) {
            if (schema.containsKey("minimum") && number.doubleValue() < schema.getJsonNumber("minimum").doubleValue()) {
                problems.add(path + ": " + number + " is below the minimum " + schema.get("minimum"));
            }
            if (schema.containsKey("maximum") && number.doubleValue() > schema.getJsonNumber("maximum").doubleValue()) {
                problems.add(path + ": " + number + " is above the maximum " + schema.get("maximum"));
            }
        }
        if (value instanceof JsonString string) {
            int length = string.getString().codePointCount(0, string.getString().length());
            if (schema.containsKey("minLength") && length < schema.getInt("minLength")) {
                problems.add(path + ": shorter than " + schema.get("minLength"));
            }
            if (schema.containsKey("maxLength") && length > schema.getInt("maxLength")) {
                problems.add(path + ": longer than " + schema.get("maxLength"));
            }
            if (schema.containsKey("pattern")
                    && !Pattern.compile(schema.getString("pattern")).matcher(string.getString()).find()) {
                problems.add(path + ": " + string + " does not match " + schema.get("pattern"));
            }
        }
        if (value instanceof JsonArray array && schema.containsKey("items")) {
            for (int i = 0; i < array.size(); i++) {
                check(schema.getJsonObject("items"), array.get(i), path + "[" + i + "]", problems);
            }
        }
        if (value instanceof JsonObject object) {
            checkObject(schema, object, path, problems);
        }
    }

    private static void checkObject(JsonObject schema, JsonObject object, String path, List<String> problems) {
        JsonObject properties = schema.getJsonObject("properties");
        JsonObject patterns = schema.getJsonObject("patternProperties");
        if (schema.containsKey("required")) {
            for (JsonString key : schema.getJsonArray("required").getValuesAs(JsonString.class)) {
                if (!object.containsKey(key.getString())) {
                    problems.add(path + "." + key.getString() + ": required");
                }
            }
        }
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            String key = entry.getKey();
            String child = path + "." + key;
            boolean matched = false;
            if (properties != null && properties.containsKey(key)) {
                check(properties.getJsonObject(key), entry.getValue(), child, problems);
                matched = true;
            }
            if (patterns != null) {
                for (String pattern : patterns.keySet()) {
                    if (Pattern.compile(pattern).matcher(key).find()) {
                        check(patterns.getJsonObject(pattern), entry.getValue(), child, problems);
                        matched = true;
                    }
                }
            }
            if (!matched && schema.containsKey("additionalProperties")
                    && schema.get("additionalProperties").getValueType() == JsonValue.ValueType.FALSE) {
                problems.add(child + ": not allowed by the schema (additionalProperties is false)");
            }
        }
    }

    private static boolean typeMatches(JsonValue type, JsonValue value) {
        if (type instanceof JsonArray types) {
            return types.getValuesAs(JsonString.class).stream().anyMatch(t -> isOfType(t.getString(), value));
        }
        return isOfType(((JsonString) type).getString(), value);
    }

    private static boolean isOfType(String type, JsonValue value) {
        return switch (type) {
            case "null" -> value.getValueType() == JsonValue.ValueType.NULL;
            case "boolean" -> value.getValueType() == JsonValue.ValueType.TRUE
                    || value.getValueType() == JsonValue.ValueType.FALSE;
            case "string" -> value instanceof JsonString;
            case "number" -> value instanceof JsonNumber;
            case "integer" -> value instanceof JsonNumber number && number.isIntegral();
            case "array" -> value instanceof JsonArray;
            case "object" -> value instanceof JsonObject;
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }
}
