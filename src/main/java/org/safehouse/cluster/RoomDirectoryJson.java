package org.safehouse.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.ServerBan;
import org.safehouse.storage.RoomRulesJson;

/**
 * The room directory's values in Redis ({@link RedisRoomCatalog}): a room as the fields of its hash
 * ({@code <prefix>r:<room>:room}), a server ban as JSON (a field of {@code <prefix>bans}), and the events on
 * {@code <prefix>ch:rooms} as JSON objects with their {@code kind} and {@code origin} node. Holds password verifiers
 * (PHC strings), rules (fingerprints, nickname keys, address digests) and ban digests: never a clear password or an
 * address.
 */
final class RoomDirectoryJson {
    static final String NAME = "name";
    static final String TITLE = "title";
    static final String PASSWORD = "password";
    static final String REQUIRE_ENCRYPTION = "requireEncryption";
    static final String RULES = "rules";
    static final String EPOCH = "epoch";
    static final String ROTATED = "rotated";

    private RoomDirectoryJson() {
    }

    /** The room's hash fields (without {@link #EPOCH}, which only a claim or a wipe sets). */
    static Map<String, String> fields(RoomCatalog.Entry entry) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(NAME, entry.name());
        fields.put(TITLE, entry.title());
        fields.put(REQUIRE_ENCRYPTION, entry.requireEncryption() ? "1" : "0");
        fields.put(RULES, RoomRulesJson.write(entry.rules()));
        entry.passwordHash().ifPresent(phc -> fields.put(PASSWORD, phc));
        return fields;
    }

    /** @return empty when the hash holds no room (no name) */
    static Optional<RoomCatalog.Known> known(String key, Map<String, String> fields) {
        if (fields == null || !fields.containsKey(NAME)) {
            return Optional.empty();
        }
        RoomCatalog.Entry entry = new RoomCatalog.Entry(key, fields.get(NAME), fields.getOrDefault(TITLE,
                fields.get(NAME)), Optional.ofNullable(fields.get(PASSWORD)),
                "1".equals(fields.get(REQUIRE_ENCRYPTION)), RoomRulesJson.read(fields.get(RULES)));
        return Optional.of(new RoomCatalog.Known(entry, fields.getOrDefault(EPOCH, "")));
    }

    static JsonObject entry(RoomCatalog.Entry entry) {
        JsonObjectBuilder out = Json.createObjectBuilder().add("key", entry.key());
        fields(entry).forEach(out::add);
        return out.build();
    }

    static RoomCatalog.Entry entry(JsonObject in) {
        Map<String, String> fields = new LinkedHashMap<>();
        in.forEach((name, value) -> fields.put(name, in.getString(name)));
        String key = fields.remove("key");
        return known(key, fields).orElseThrow(() -> new IllegalArgumentException("a room without a name")).entry();
    }

    static String ban(ServerBan ban) {
        JsonObjectBuilder out = Json.createObjectBuilder().add("id", ban.id()).add("addressDigest", ban.addressDigest())
                .add("by", ban.by()).add("createdMs", ban.createdMs());
        ban.reason().ifPresent(reason -> out.add("reason", reason));
        ban.untilMs().ifPresent(until -> out.add("untilMs", until));
        return out.build().toString();
    }

    static ServerBan ban(JsonObject in) {
        return new ServerBan(in.getString("id"), in.getString("addressDigest"),
                in.containsKey("reason") ? Optional.of(in.getString("reason")) : Optional.empty(), in.getString("by"),
                in.getJsonNumber("createdMs").longValue(),
                in.containsKey("untilMs") ? OptionalLong.of(in.getJsonNumber("untilMs").longValue())
                        : OptionalLong.empty());
    }

    /** An event on {@code ch:rooms}: its kind, the node that made it, and what it carries. */
    static JsonObjectBuilder event(String kind, String origin) {
        return Json.createObjectBuilder().add("kind", kind).add("origin", origin);
    }

    static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
