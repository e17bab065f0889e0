package org.safehouse.fuzz;

import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators of hostile input: JSON-like client frames with fields of every type, names that look alike. */
final class FuzzInputs {
    static final List<String> FIELDS = List.of("msgType", "room", "nick", "password", "version", "since", "epoch",
            "keys", "requireEncryption", "signature", "text", "clientMsgId", "before", "after", "limit", "TgtUser",
            "ciphertext", "iv", "counter", "token", "agreement", "signing", "algorithm", "SrcUser", "ownerPassword",
            "topic", "maxMembers", "postPolicy", "historyForNewcomers", "role", "reason", "kinds", "durationMs",
            "banId", "confirm", "newPassword", "sealed", "salt", "kdf", "v", "keyId");
    static final List<String> TYPES = List.of("Join", "Prove", "Leave", "Broadcast", "History", "PrivateMessage",
            "ListRooms", "Ping", "RoomSettings", "SetRole", "TransferOwnership", "Kick", "Ban", "Unban", "ListBans",
            "Mute", "Unmute", "DeleteRoom", "WipeRoom", "SealInfo", "Dance", "", "join");

    /** Looked up once: Json.createValue and Json.createReader run a ServiceLoader lookup on every call. */
    static final JsonProvider JSON = JsonProvider.provider();
    private static final JsonReaderFactory READERS = JSON.createReaderFactory(Map.of());

    private FuzzInputs() {
    }

    static String quote(String text) {
        return JSON.createValue(text).toString();
    }

    /** A server frame's text as a JSON object, or null when it is not one. */
    static JsonObject parse(String text) {
        try (var reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue() instanceof JsonObject object ? object : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Strings a client might send as a name or a text: plain, look-alike, control, bidi, long, empty. */
    static Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.of("den", "DEN", "\uff44\uff45\uff4e", "keeper", "Keeper", "\uff4b\uff45\uff45\uff50\uff45\uff52",
                        "vault", "lobby", "alice", "p\u0430ypal", "\u202eevil", "a\u0001b", "tab\tnew\nline", "",
                        " ", "\u00df", "ss", "x".repeat(70), "\ud800", "\ud83d\ude00", "1e99999999999"),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(20));
    }

    /** Any JSON value, nested up to {@code depth}, with the numbers and nestings that trip parsers. */
    static Arbitrary<String> values(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                texts().map(FuzzInputs::quote),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "0", "-0", "1.5", "1e30", "1e400", "-1e99999999999",
                        "1e99999999999", "99999999999999999999999", "1", "\"1\"", "\"0\"", "\"-1\"",
                        "\"99999999999999999999\"", "[".repeat(1200) + "]".repeat(1200)));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<String> arrays = values(depth - 1).list().ofMaxSize(3).map(items -> "[" + String.join(",", items)
                + "]");
        Arbitrary<String> objects = objects(depth - 1);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars), net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects));
    }

    static Arbitrary<String> objects(int depth) {
        Arbitrary<String> member = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of(FIELDS), Arbitraries.strings().ofMaxLength(6)),
                        values(depth))
                .as((name, value) -> quote(name) + ":" + value);
        return member.list().ofMaxSize(6).map(members -> "{" + String.join(",", members) + "}");
    }

    /** A client frame: a known (or near) msgType and fields of arbitrary types. */
    static Arbitrary<String> clientFrames() {
        Arbitrary<String> member = Combinators.combine(Arbitraries.of(FIELDS), values(2))
                .as((name, value) -> quote(name) + ":" + value);
        return Combinators.combine(Arbitraries.of(TYPES), member.list().ofMaxSize(8))
                .as((type, members) -> "{\"msgType\":" + quote(type)
                        + (members.isEmpty() ? "" : "," + String.join(",", members)) + "}");
    }

    /** Anything a socket can carry as text: frames, JSON of other shapes, and plain garbage. */
    static Arbitrary<String> anyText() {
        return Arbitraries.oneOf(clientFrames(), values(2), Arbitraries.strings().ofMaxLength(60), texts());
    }
}
