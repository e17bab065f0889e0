package org.safehouse.config;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbProperty;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Binds one section of config.json to its record of keys with JSON-B. The record is the section's table: each
 * component is a key (named by its {@link JsonbProperty}), its type and annotation ({@link WholeNumber},
 * {@link TextLength}) the check, its value in the section's {@code DEFAULTS} the default. Each key written is checked
 * first, with a message naming it ({@link JsonFields}); JSON-B then binds the defaults overlaid with what was written.
 */
final class SectionBinder {
    private static final Jsonb JSONB = JsonbBuilder.create();

    private SectionBinder() {
    }

    static <R extends Record> R bind(JsonFields fields, Class<R> type, R defaults) throws ConfigException {
        JsonObjectBuilder merged = Json.createObjectBuilder(read(JSONB.toJson(defaults)));
        for (RecordComponent component : type.getRecordComponents()) {
            String key = key(component);
            JsonValue written = fields.value(key);
            if (written != null) {
                check(fields, key, component);
                merged.add(key, written);
            }
        }
        return JSONB.fromJson(merged.build().toString(), type);
    }

    /** The key names of a section's record, in its order. */
    static List<String> keys(Class<? extends Record> type) {
        return java.util.Arrays.stream(type.getRecordComponents()).map(SectionBinder::key).toList();
    }

    static String key(RecordComponent component) {
        JsonbProperty name = component.getAccessor().getAnnotation(JsonbProperty.class);
        return name != null ? name.value() : LimitsSection.snakeCase(component.getName());
    }

    private static void check(JsonFields fields, String key, RecordComponent component) throws ConfigException {
        Class<?> type = component.getType();
        if (type == Boolean.class) {
            fields.bool(key, false);
        } else if (type == Integer.class || type == Long.class) {
            WholeNumber range = component.getAnnotation(WholeNumber.class);
            fields.wholeNumber(key, 0, range.min(), range.max());
        } else if (type == String.class) {
            TextLength length = component.getAnnotation(TextLength.class);
            String text = fields.optionalString(key).orElseThrow();
            if (length != null && (text.length() < length.min() || text.length() > length.max())) {
                throw fields.problem(key, "must be " + length.min() + " to " + length.max() + " characters long");
            }
        } else if (type == List.class) {
            fields.stringList(key);
        } else {
            throw new IllegalStateException("no check for " + type + " (" + key + ")");
        }
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
