package org.safehouse.storage;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.safehouse.core.BanEntry;
import org.safehouse.core.MuteEntry;
import org.safehouse.core.RoomRules;
import org.safehouse.protocol.BanKind;
import org.safehouse.protocol.PostPolicy;
import org.safehouse.protocol.RoomSeal;

/**
 * {@link RoomRules} as the JSON text of the room catalog's {@code rules} column, bans and mutes included. Absent
 * optional values are absent keys. A row written before rules existed (NULL) reads as {@link RoomRules#DEFAULT}.
 * Also the rules field of cluster mode's Redis room directory ({@code cluster.RedisRoomCatalog}). The text holds key
 * fingerprints, nickname keys, the owner password's verifier and address-group HMAC digests: the same kind of data
 * the file already keeps, never a clear password or address. A sealed room's seal (its public KDF salt) is kept here
 * too, so it outlives a restart and reaches every node with the rules.
 */
public final class RoomRulesJson {
    private RoomRulesJson() {
    }

    public static String write(RoomRules rules) {
        JsonObjectBuilder out = Json.createObjectBuilder()
                .add("topic", rules.topic())
                .add("maxMembers", rules.maxMembers())
                .add("postPolicy", rules.postPolicy().wireName())
                .add("historyForNewcomers", rules.historyForNewcomers());
        rules.ownerKey().ifPresent(key -> out.add("ownerKey", key));
        rules.ownerPasswordHash().ifPresent(hash -> out.add("ownerPasswordHash", hash));
        out.add("moderatorKeys", strings(new TreeSet<>(rules.moderatorKeys())));
        JsonArrayBuilder bans = Json.createArrayBuilder();
        for (BanEntry ban : rules.bans()) {
            JsonArrayBuilder kinds = Json.createArrayBuilder();
            ban.kinds().stream().sorted().forEach(kind -> kinds.add(kind.wireName()));
            JsonObjectBuilder entry = Json.createObjectBuilder().add("id", ban.id()).add("kinds", kinds);
            ban.keyFingerprint().ifPresent(value -> entry.add("keyFingerprint", value));
            ban.nickKey().ifPresent(value -> entry.add("nickKey", value));
            ban.addressDigest().ifPresent(value -> entry.add("addressDigest", value));
            entry.add("label", ban.label());
            ban.reason().ifPresent(value -> entry.add("reason", value));
            entry.add("by", ban.by()).add("createdMs", ban.createdMs());
            ban.untilMs().ifPresent(value -> entry.add("untilMs", value));
            bans.add(entry);
        }
        out.add("bans", bans);
        JsonArrayBuilder mutes = Json.createArrayBuilder();
        for (MuteEntry mute : rules.mutes()) {
            JsonObjectBuilder entry = Json.createObjectBuilder();
            mute.keyFingerprint().ifPresent(value -> entry.add("keyFingerprint", value));
            mutes.add(entry.add("nickKey", mute.nickKey()).add("untilMs", mute.untilMs()).add("by", mute.by()));
        }
        out.add("mutes", mutes);
        rules.seal().ifPresent(seal -> out.add("seal", Json.createObjectBuilder().add("salt", seal.salt())
                .add("kdf", seal.kdf())));
        return out.build().toString();
    }

    /** @throws IllegalArgumentException when the text is not rules this class wrote */
    public static RoomRules read(String text) {
        if (text == null) {
            return RoomRules.DEFAULT;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject in = reader.readObject();
            PostPolicy policy = PostPolicy.fromWireName(in.getString("postPolicy"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown postPolicy"));
            List<BanEntry> bans = new ArrayList<>();
            for (JsonObject ban : in.getJsonArray("bans").getValuesAs(JsonObject.class)) {
                Set<BanKind> kinds = EnumSet.noneOf(BanKind.class);
                for (String kind : stringList(ban.getJsonArray("kinds"))) {
                    kinds.add(BanKind.fromWireName(kind)
                            .orElseThrow(() -> new IllegalArgumentException("unknown ban kind")));
                }
                bans.add(new BanEntry(ban.getString("id"), kinds, optional(ban, "keyFingerprint"),
                        optional(ban, "nickKey"), optional(ban, "addressDigest"), ban.getString("label"),
                        optional(ban, "reason"), ban.getString("by"), ban.getJsonNumber("createdMs").longValue(),
                        ban.containsKey("untilMs") ? OptionalLong.of(ban.getJsonNumber("untilMs").longValue())
                                : OptionalLong.empty()));
            }
            List<MuteEntry> mutes = new ArrayList<>();
            for (JsonObject mute : in.getJsonArray("mutes").getValuesAs(JsonObject.class)) {
                mutes.add(new MuteEntry(optional(mute, "keyFingerprint"), mute.getString("nickKey"),
                        mute.getJsonNumber("untilMs").longValue(), mute.getString("by")));
            }
            return new RoomRules(in.getString("topic"), in.getInt("maxMembers"), policy,
                    in.getBoolean("historyForNewcomers"), optional(in, "ownerKey"), optional(in, "ownerPasswordHash"),
                    Set.copyOf(stringList(in.getJsonArray("moderatorKeys"))), bans, mutes, seal(in));
        } catch (RuntimeException e) { // JsonException, ClassCastException, NullPointerException: not our text
            throw new IllegalArgumentException("unreadable room rules: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A sealed room's seal; rules written before sealed rooms have none. */
    private static Optional<RoomSeal> seal(JsonObject in) {
        if (!in.containsKey("seal")) {
            return Optional.empty();
        }
        JsonObject seal = in.getJsonObject("seal");
        return Optional.of(new RoomSeal(seal.getString("salt"), seal.getString("kdf")));
    }

    private static JsonArrayBuilder strings(Iterable<String> values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    private static List<String> stringList(JsonArray array) {
        return array.getValuesAs(JsonValue.class).stream().map(value -> ((jakarta.json.JsonString) value).getString())
                .toList();
    }

    private static Optional<String> optional(JsonObject object, String key) {
        return object.containsKey(key) ? Optional.of(object.getString(key)) : Optional.empty();
    }
}
