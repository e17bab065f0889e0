package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The table of keys (the loader's top-level keys; {@link Limits} and {@link MailboxLimits}, whose components are the
 * {@code limits} keys, annotated with their checks, with their defaults in {@code DEFAULTS}) agrees with its two
 * documents, docs/config.schema.json and config.json.example: the same keys, the same defaults, the same types and
 * ranges. Change a default, a range or a key in one place and this names what else to change.
 */
class ConfigTableTest {
    private static final Jsonb JSONB = JsonbBuilder.create();
    private static final Path SCHEMA = Path.of("docs/config.schema.json");
    private static final Path EXAMPLE = Path.of("config.json.example");
    /** Derived from the heap: neither the schema nor the example may state a number for them. */
    private static final Set<String> HEAP_DERIVED = Set.of("history_bytes_total", "history_bytes_per_room",
            "private_message_bytes_total");

    @Test
    void theSchemaStatesEachLimitsKeyWithTheTablesTypeRangeAndDefault() throws IOException {
        JsonObject limits = read(SCHEMA).getJsonObject("properties").getJsonObject("limits")
                .getJsonObject("properties");
        List<String> drift = new ArrayList<>();
        for (LimitsSection.Key key : LimitsSection.keys()) {
            JsonObject property = limits.getJsonObject(key.name());
            if (property == null) {
                drift.add(key.name() + ": missing");
                continue;
            }
            boolean whole = key.whole() != null;
            String type = whole ? "integer" : "number";
            if (!property.getJsonArray("type").contains(Json.createValue(type))) {
                drift.add(key.name() + ": type " + property.get("type") + ", the table says " + type);
            }
            BigDecimal min = whole ? BigDecimal.valueOf(key.whole().min()) : BigDecimal.valueOf(key.decimal().min());
            BigDecimal max = whole ? BigDecimal.valueOf(key.whole().max()) : BigDecimal.valueOf(key.decimal().max());
            compare(drift, key.name() + ": minimum", property.get("minimum"), min);
            if (!key.name().equals(LimitsSection.HISTORY_BYTES_PER_ROOM)) { // at most history_bytes_total, whatever
                compare(drift, key.name() + ": maximum", property.get("maximum"), max);
            }
            if (HEAP_DERIVED.contains(key.name())) {
                if (property.containsKey("default")) {
                    drift.add(key.name() + ": derived from the heap, so no default may be written");
                }
            } else {
                compare(drift, key.name() + ": default", property.get("default"),
                        new BigDecimal(key.defaultValue().toString()));
            }
        }
        assertEquals(List.of(), drift, "docs/config.schema.json against the Limits table");
        Set<String> extra = new TreeSet<>(limits.keySet());
        extra.removeAll(List.of(LimitsSection.names()));
        assertEquals(Set.of(), extra, "limits keys in the schema that the table does not have");
    }

    @Test
    void theExampleSetsEachLimitsKeyToItsDefaultAndExplainsTheDerivedOnes() throws IOException {
        JsonObject limits = read(EXAMPLE).getJsonObject("limits");
        List<String> drift = new ArrayList<>();
        for (LimitsSection.Key key : LimitsSection.keys()) {
            if (!limits.containsKey("_" + key.name())) {
                drift.add(key.name() + ": no _" + key.name() + " comment explains it");
            }
            if (HEAP_DERIVED.contains(key.name())) {
                if (limits.containsKey(key.name())) {
                    drift.add(key.name() + ": derived from the heap, so the example must not set it");
                }
            } else {
                compare(drift, key.name(), limits.get(key.name()), new BigDecimal(key.defaultValue().toString()));
            }
        }
        assertEquals(List.of(), drift, "config.json.example against the Limits table");
    }

    @Test
    void theSchemaAndTheLoaderKnowTheSameTopLevelKeysAndTheExampleValuesAreTheSchemaDefaults() throws IOException {
        JsonObject schema = read(SCHEMA).getJsonObject("properties");
        Set<String> schemaKeys = new TreeSet<>(schema.keySet());
        schemaKeys.remove(ConfigLoader.SCHEMA_KEY);
        assertEquals(new TreeSet<>(ConfigLoader.TOP_KEYS), schemaKeys, "top-level keys: loader against schema");

        List<String> drift = new ArrayList<>();
        JsonObject example = read(EXAMPLE);
        for (String key : example.keySet()) {
            if (key.startsWith("_") || key.equals("limits") || key.equals("rooms")) {
                continue; // comments; limits above; the example room is an example, not a default
            }
            JsonValue documented = schema.getJsonObject(key).get("default");
            if (!example.get(key).equals(documented)) {
                drift.add(key + ": the example sets " + example.get(key) + ", the schema's default is " + documented);
            }
        }
        assertEquals(List.of(), drift, "config.json.example against docs/config.schema.json");
    }

    @Test
    void theSchemaStatesEachSectionKeyWithItsRecordsTypeCheckAndDefault() throws Exception {
        JsonObject properties = read(SCHEMA).getJsonObject("properties");
        JsonObject room = properties.getJsonObject("rooms").getJsonObject("items").getJsonObject("properties");
        List<String> drift = new ArrayList<>();
        checkSection(drift, properties, ServerKeys.class, ServerKeys.DEFAULTS);
        checkSection(drift, properties, TlsConfig.Keys.class, TlsConfig.Keys.DEFAULTS);
        checkSection(drift, properties, HistoryConfig.Keys.class, HistoryConfig.Keys.DEFAULTS);
        checkSection(drift, properties, MonitoringConfig.Keys.class, MonitoringConfig.Keys.DEFAULTS);
        checkSection(drift, properties, AdminConfig.Keys.class, AdminConfig.Keys.DEFAULTS);
        checkSection(drift, room, RoomConfig.Keys.class, null);
        JsonObject cluster = properties.getJsonObject("cluster").getJsonObject("properties");
        checkSection(drift, cluster, ClusterConfig.Keys.class, ClusterConfig.Keys.DEFAULTS);
        assertEquals(new TreeSet<>(cluster.keySet()), new TreeSet<>(SectionBinder.keys(ClusterConfig.Keys.class)),
                "cluster keys: schema against ClusterConfig.Keys");
        assertEquals(List.of(), drift, "docs/config.schema.json against the sections' Keys records");
        assertEquals(new TreeSet<>(room.keySet()), new TreeSet<>(SectionBinder.keys(RoomConfig.Keys.class)),
                "room keys: schema against RoomConfig.Keys");
    }

    /** {@code defaults} null: the schema states no defaults for these keys (a room's depend on the room). */
    private static void checkSection(List<String> drift, JsonObject schema, Class<? extends Record> section,
                                     Record defaults) throws Exception {
        JsonObject stated = defaults == null ? null : read(JSONB.toJson(defaults));
        for (RecordComponent component : section.getRecordComponents()) {
            String key = SectionBinder.key(component);
            JsonObject property = schema.getJsonObject(key);
            if (property == null) {
                drift.add(key + ": missing");
                continue;
            }
            String type = Map.of(Boolean.class, "boolean", Integer.class, "integer", String.class, "string",
                    List.class, "array").get(component.getType());
            JsonValue types = property.get("type");
            if (!types.equals(Json.createValue(type))
                    && !(types instanceof JsonArray list && list.contains(Json.createValue(type)))) {
                drift.add(key + ": type " + types + ", its record says " + type);
            }
            WholeNumber range = component.getAnnotation(WholeNumber.class);
            if (range != null) {
                compare(drift, key + ": minimum", property.get("minimum"), BigDecimal.valueOf(range.min()));
                compare(drift, key + ": maximum", property.get("maximum"), BigDecimal.valueOf(range.max()));
            }
            TextLength length = component.getAnnotation(TextLength.class);
            if (length != null && !property.containsKey("enum")) { // an enum says more than a length
                compare(drift, key + ": minLength", property.get("minLength"), BigDecimal.valueOf(length.min()));
                compare(drift, key + ": maxLength", property.get("maxLength"), BigDecimal.valueOf(length.max()));
            }
            if (stated != null) {
                JsonValue expected = stated.getOrDefault(key, JsonValue.NULL);
                if (!expected.equals(property.get("default"))) {
                    drift.add(key + ": default " + property.get("default") + ", its record says " + expected);
                }
            }
        }
    }

    @Test
    void theLoadedDefaultsAreTheTablesDefaults() throws ConfigException {
        SafehouseConfig defaults = new ConfigLoader(new org.safehouse.crypto.Argon2PasswordHasher()).parse("{}",
                "{}", Path.of("."));
        assertEquals(Limits.DEFAULTS, defaults.limits(), "JSON-B binds every default back unchanged");
    }

    private static void compare(List<String> drift, String what, JsonValue stated, BigDecimal expected) {
        if (!(stated instanceof JsonNumber number) || number.bigDecimalValue().compareTo(expected) != 0) {
            drift.add(what + " is " + stated + ", the table says " + expected.stripTrailingZeros().toPlainString());
        }
    }

    private static JsonObject read(Path file) throws IOException {
        return read(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
