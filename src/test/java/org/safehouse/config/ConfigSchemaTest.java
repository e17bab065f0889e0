package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.Argon2PasswordHasher;

/**
 * docs/config.schema.json, the JSON Schema editors check config.json against, agrees with config.json.example (the
 * reference of every key) and with the loader: every key the example has or documents is in the schema, the example
 * validates, and a file naming the schema in {@code "$schema"} loads.
 */
class ConfigSchemaTest {
    private static final Path SCHEMA = Path.of("docs/config.schema.json");
    private static final Path EXAMPLE = Path.of("config.json.example");

    @Test
    void theSchemaListsEveryKeyOfTheExample() throws IOException {
        JsonObject schema = read(SCHEMA);
        JsonObject example = read(EXAMPLE);
        List<String> missing = new ArrayList<>();
        for (String key : documentedKeys(example)) {
            if (!schema.getJsonObject("properties").containsKey(key)) {
                missing.add(key);
            }
        }
        JsonObject limits = schema.getJsonObject("properties").getJsonObject("limits").getJsonObject("properties");
        for (String key : documentedKeys(example.getJsonObject("limits"))) {
            if (!limits.containsKey(key)) {
                missing.add("limits." + key);
            }
        }
        JsonObject room = schema.getJsonObject("properties").getJsonObject("rooms").getJsonObject("items")
                .getJsonObject("properties");
        for (JsonValue declared : example.getJsonArray("rooms")) {
            for (String key : declared.asJsonObject().keySet()) {
                if (!room.containsKey(key)) {
                    missing.add("rooms[]." + key);
                }
            }
        }
        assertEquals(List.of(), missing, "add these keys of config.json.example to " + SCHEMA
                + " (type, default and description, as its other keys have them)");
    }

    @Test
    void theSchemaHasNoKeyTheExampleDoesNotDocument() throws IOException {
        JsonObject schema = read(SCHEMA);
        JsonObject example = read(EXAMPLE);
        Set<String> extra = new TreeSet<>(schema.getJsonObject("properties").keySet());
        extra.removeAll(documentedKeys(example));
        extra.remove(ConfigLoader.SCHEMA_KEY);
        assertEquals(Set.of(), extra, "keys in " + SCHEMA + " that config.json.example neither sets nor explains");
    }

    @Test
    void theExampleValidatesAgainstTheSchema() throws IOException {
        assertEquals(List.of(), JsonSchemaSubset.validate(read(SCHEMA), read(EXAMPLE)));
    }

    @Test
    void theCheckerCatchesWhatTheSchemaForbids() throws IOException {
        JsonObject schema = read(SCHEMA);
        List<String> problems = JsonSchemaSubset.validate(schema, parse("""
                {"sever_port": 1, "server_port": "80", "history_storage": "disk", "_note": "fine",
                 "limits": {"max_rooms": 0}, "rooms": [{"title": "no name"}]}
                """));
        assertEquals(List.of(
                "$.sever_port: not allowed by the schema (additionalProperties is false)",
                "$.server_port: \"80\" is not of type [\"integer\",\"null\"]",
                "$.history_storage: \"disk\" is not one of [\"memory\",\"sqlite\",null]",
                "$.limits.max_rooms: 0 is below the minimum 1",
                "$.rooms[0].name: required"), problems);
    }

    @Test
    void aConfigNamingItsSchemaLoads() throws Exception {
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).parse(
                "{\"$schema\": \"../docs/config.schema.json\", \"server_name\": \"Schema\"}", "schema.json", Path.of("."));
        assertEquals("Schema", config.serverName());
        assertTrue(JsonSchemaSubset.validate(read(SCHEMA), parse("{\"$schema\": \"x\"}")).isEmpty());
    }

    @Test
    void schemaIsOnlyAcceptedAtTheTop() {
        ConfigException refused = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> new ConfigLoader(new Argon2PasswordHasher()).parse("{\"limits\": {\"$schema\": \"x\"}}",
                        "nested.json", Path.of(".")));
        assertTrue(refused.getMessage().contains("limits.$schema: unknown key"), refused.getMessage());
    }

    /** The keys an object sets, plus those it only explains in an {@code _key} comment (such as history_file). */
    private static Set<String> documentedKeys(JsonObject object) {
        Set<String> keys = new TreeSet<>();
        for (String key : object.keySet()) {
            if (key.startsWith("_")) {
                if (!key.equals("_about")) {
                    keys.add(key.substring(1));
                }
            } else {
                keys.add(key);
            }
        }
        return keys;
    }

    private static JsonObject read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
