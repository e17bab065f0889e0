package org.safehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;

/**
 * Whole-value assertions on server frames. Expected frames are written as JSON with single quotes
 * ({@code "{'msgType':'Left','room':'lobby'}"}) to keep tests readable. The server-assigned {@code id} and {@code ts}
 * cannot be known in advance: {@link #assertStamped} checks their form and range, then compares everything else.
 */
public final class Frames {
    private static final Pattern DECIMAL_ID = Pattern.compile("[1-9][0-9]{0,18}");
    /** The settings of a room nobody changed, as Joined and Settings carry them. */
    private static final JsonObject DEFAULT_SETTINGS =
            json("{'maxMembers':0,'postPolicy':'everyone','historyForNewcomers':true}");

    private Frames() {
    }

    /** Parses JSON written with single quotes instead of double quotes. */
    public static JsonObject json(String singleQuoted) {
        JsonObject parsed = WsTestClient.parse(singleQuoted.replace('\'', '"'));
        if (parsed == null) {
            throw new IllegalArgumentException("not a JSON object: " + singleQuoted);
        }
        return parsed;
    }

    /** The frame equals the expected one exactly (same fields, same values, nothing more). */
    public static void assertFrame(String expectedSingleQuoted, JsonObject actual) {
        assertEquals(json(expectedSingleQuoted), actual, "frame");
    }

    /**
     * A chat frame (Broadcast, PrivateMessage): {@code id} is a decimal string of a positive 64-bit number, {@code ts}
     * a number within [{@code notBefore}, {@code notAfter}] epoch milliseconds, and every other field equals the
     * expected frame's. @return the id.
     */
    public static long assertStamped(String expectedSingleQuoted, JsonObject actual, long notBefore, long notAfter) {
        JsonValue id = actual.get("id");
        assertTrue(id instanceof JsonString s && DECIMAL_ID.matcher(s.getString()).matches(),
                "id must be a decimal string: " + actual);
        JsonValue ts = actual.get("ts");
        assertTrue(ts instanceof JsonNumber n && n.isIntegral(), "ts must be a whole number: " + actual);
        long millis = ((JsonNumber) ts).longValue();
        assertTrue(millis >= notBefore && millis <= notAfter,
                "ts " + millis + " not within [" + notBefore + ", " + notAfter + "]: " + actual);
        JsonObjectBuilder rest = Json.createObjectBuilder(actual);
        rest.remove("id");
        rest.remove("ts");
        assertEquals(json(expectedSingleQuoted), rest.build(), "frame without id and ts");
        return Long.parseLong(((JsonString) id).getString());
    }

    /**
     * A Joined frame of a room without history or keys: the expected fields, plus {@code history: []},
     * {@code hasMore: false}, {@code keys: {}}, {@code requireEncryption: false}, {@code password: false},
     * {@code role: "member"}, {@code topic: ""}, default {@code settings} and {@code roles: {}} unless the expected
     * fields say otherwise, and an {@code epoch} that is a non-empty string whose value cannot be known in
     * advance. @return the epoch.
     */
    public static String assertFreshJoined(String expectedSingleQuoted, JsonObject actual) {
        JsonValue epoch = actual.get("epoch");
        assertTrue(epoch instanceof JsonString s && !s.getString().isEmpty(), "epoch must be a string: " + actual);
        JsonObject given = json(expectedSingleQuoted);
        JsonObject expected = Json.createObjectBuilder(given)
                .add("history", JsonValue.EMPTY_JSON_ARRAY).add("hasMore", false)
                .add("keys", JsonValue.EMPTY_JSON_OBJECT).add("requireEncryption", false)
                .add("password", given.getBoolean("password", false))
                .add("role", given.getString("role", "member")).add("topic", given.getString("topic", ""))
                .add("settings", given.getOrDefault("settings", DEFAULT_SETTINGS))
                .add("roles", given.getOrDefault("roles", JsonValue.EMPTY_JSON_OBJECT)).build();
        assertEquals(expected, Json.createObjectBuilder(actual).remove("epoch").build(), "Joined without epoch");
        return ((JsonString) epoch).getString();
    }

    /** An Error frame with this code (and room, when not null); the text is for people and not compared. */
    public static void assertError(String code, String room, JsonObject actual) {
        assertEquals("Error", WsTestClient.type(actual), "msgType of " + actual);
        assertEquals(code, actual.getString("code", null), "code of " + actual);
        assertTrue(actual.get("text") instanceof JsonString, "an Error has a text: " + actual);
        assertEquals(room, actual.getString("room", null), "room of " + actual);
    }
}
