package org.safehouse.protocol;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes client frames and encodes server frames. The only place that knows wire names.
 *
 * <p>Thread-safe and stateless; the JSON-P reader factory is looked up once because {@code Json.createReader} runs a
 * ServiceLoader lookup on every call. Server frames are written by {@link JsonWriter}, which produces what the JSON-P
 * generator would, faster.
 */
public final class JsonCodec {
    static final String MSG_TYPE = "msgType";
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    private static final int MAX_TOKEN_CHARS = 64;
    /** Most messages in one history page. */
    public static final int MAX_PAGE = 100;

    /**
     * Decodes one text frame of the modern protocol, or a Ragnarok frame once the client has joined. Throws nothing
     * but {@link ProtocolException}: the JSON-P implementation reads numbers lazily and throws plain runtime exceptions
     * (a NumberFormatException for {@code 1e99999999999}, a RuntimeException past 1000 levels of nesting), which
     * become {@code bad_field} and {@code bad_json} here, never an internal error that closes the connection.
     */
    public ClientFrame decode(String text) throws ProtocolException {
        JsonObject object = parseObject(text);
        try {
            return decodeObject(object);
        } catch (RuntimeException e) {
            // A number too large for BigDecimal, and the like; the message may quote the input, so never echo it.
            throw new ProtocolException(ErrorCode.BAD_FIELD, "a field has a value that cannot be read",
                    Optional.empty());
        }
    }

    private ClientFrame decodeObject(JsonObject object) throws ProtocolException {
        JsonValue type = object.get(MSG_TYPE);
        if (!(type instanceof JsonString typeName)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "msgType must be a string", Optional.empty());
        }
        Optional<String> room = optionalString(object, "room", Optional.empty());
        switch (typeName.getString()) {
            case "Join":
                return new ClientFrame.Join(requiredInt(object, "version", room), requiredString(object, "room", room),
                        requiredString(object, "nick", room), optionalString(object, "password", room),
                        optionalId(object, "since", room), shortString(object, "epoch", room), keys(object, room),
                        optionalBoolean(object, "requireEncryption", room));
            case "Prove":
                return new ClientFrame.Prove(requiredString(object, "room", room),
                        requiredString(object, "signature", room));
            case "Leave":
                return new ClientFrame.Leave(requiredString(object, "room", room));
            case "Broadcast":
                return new ClientFrame.Broadcast(room, requiredString(object, "text", room),
                        shortString(object, "clientMsgId", room));
            case "History":
                Optional<Long> before = optionalId(object, "before", room);
                Optional<Long> after = optionalId(object, "after", room);
                if (before.isPresent() && after.isPresent()) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD, "give before or after, not both", room);
                }
                int limit = object.containsKey("limit") ? requiredInt(object, "limit", room) : MAX_PAGE;
                if (limit < 1 || limit > MAX_PAGE) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD, "limit must be 1 to " + MAX_PAGE, room);
                }
                return new ClientFrame.History(requiredString(object, "room", room), before, after, limit);
            case "PrivateMessage":
                return privateMessage(object, room);
            case "ListRooms":
                return new ClientFrame.ListRooms();
            case "Ping":
                return new ClientFrame.Ping(shortString(object, "token", room));
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown msgType", room);
        }
    }

    private static JsonObject parseObject(String text) throws ProtocolException {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (RuntimeException e) { // JsonException, and Parsson's plain RuntimeException for deep nesting
            // Parsson's message may quote the input; never echo it.
            throw new ProtocolException(ErrorCode.BAD_JSON, "the frame is not valid JSON", Optional.empty());
        }
        throw new ProtocolException(ErrorCode.BAD_JSON, "the frame must be a JSON object", Optional.empty());
    }

    private static String requiredString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value instanceof JsonString string) {
            return string.getString();
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD,
                (value == null ? "missing field " : "field must be a string: ") + field, room);
    }

    private static Optional<String> optionalString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value instanceof JsonString string) {
            return Optional.of(string.getString());
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, "field must be a string or null: " + field, room);
    }

    private static ClientFrame.PrivateMessage privateMessage(JsonObject object, Optional<String> room)
            throws ProtocolException {
        String target = requiredString(object, "TgtUser", room);
        if (!object.containsKey("ciphertext")) {
            return new ClientFrame.PrivateMessage(room, target, Optional.of(requiredString(object, "text", room)),
                    Optional.empty());
        }
        if (object.containsKey("text")) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "an encrypted message has no text", room);
        }
        JsonValue counter = object.get("counter");
        long counterValue = counter instanceof JsonNumber number && number.isIntegral() ? exactLong(number) : -1;
        if (counterValue < 0) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "counter must be a non-negative integer", room);
        }
        Optional<String> clientMsgId = shortString(object, "clientMsgId", room);
        if (clientMsgId.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "missing field clientMsgId", room);
        }
        return new ClientFrame.PrivateMessage(room, target, Optional.empty(), Optional.of(new EncryptedBody(
                clientMsgId.get(), requiredString(object, "ciphertext", room), requiredString(object, "iv", room),
                counterValue, requiredString(object, "signature", room))));
    }

    private static Optional<PublicKeys> keys(JsonObject object, Optional<String> room) throws ProtocolException {
        JsonValue value = object.get("keys");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonObject keys)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "keys must be an object", room);
        }
        return Optional.of(new PublicKeys(requiredString(keys, "agreement", room),
                requiredString(keys, "signing", room), requiredString(keys, "algorithm", room)));
    }

    private static boolean optionalBoolean(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return false;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE) {
            return value.getValueType() == JsonValue.ValueType.TRUE;
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, "field must be true or false: " + field, room);
    }

    /** An optional string of at most {@value #MAX_TOKEN_CHARS} characters (tokens, epochs, client ids). */
    private static Optional<String> shortString(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = optionalString(object, field, room);
        if (value.isPresent() && (value.get().isEmpty() || value.get().length() > MAX_TOKEN_CHARS)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD,
                    field + " must be 1 to " + MAX_TOKEN_CHARS + " characters", room);
        }
        return value;
    }

    /** An optional message id: a decimal string (ids are 64-bit; JSON numbers would lose precision in browsers). */
    private static Optional<Long> optionalId(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = optionalString(object, field, room);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            long id = Long.parseLong(value.get());
            if (id >= 0) {
                return Optional.of(id);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD, field + " must be a message id (a decimal string)", room);
    }

    /** The number as a long, or -1 when it does not fit one (longValue() would wrap it around). */
    private static long exactLong(JsonNumber number) {
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    private static int requiredInt(JsonObject object, String field, Optional<String> room) throws ProtocolException {
        JsonValue value = object.get(field);
        if (value instanceof JsonNumber number && number.isIntegral()) {
            try {
                return number.intValueExact();
            } catch (ArithmeticException e) {
                // fall through to the error below
            }
        }
        throw new ProtocolException(ErrorCode.BAD_FIELD,
                (value == null ? "missing field " : "field must be an integer: ") + field, room);
    }

    /** Encodes a server frame to its JSON text. Callers encode a broadcast once and share the text. */
    public String encode(ServerFrame frame) {
        JsonWriter json = new JsonWriter();
        json.writeStartObject();
        writeBody(json, frame);
        json.writeEnd();
        return json.toString();
    }

    private static void writeBody(JsonWriter json, ServerFrame frame) {
        if (frame instanceof ServerFrame.Broadcast b) {
            writeBroadcast(json, b);
        } else if (frame instanceof ServerFrame.PrivateMessage p) {
            json.write(MSG_TYPE, "PrivateMessage").write("id", Long.toString(p.id())).write("room", p.room())
                    .write("ts", p.timestamp()).write("SrcUser", p.sender());
            p.target().ifPresent(target -> json.write("TgtUser", target));
            p.text().ifPresent(text -> json.write("text", text));
            p.encrypted().ifPresent(body -> json.write("clientMsgId", body.clientMsgId())
                    .write("ciphertext", body.ciphertext()).write("iv", body.iv()).write("counter", body.counter())
                    .write("signature", body.signature()));
            if (p.queued()) {
                json.write("queued", true);
            }
        } else if (frame instanceof ServerFrame.Presence p) {
            json.write(MSG_TYPE, "Presence").write("room", p.room());
            writeStrings(json, "joined", p.joined());
            writeStrings(json, "left", p.left());
            if (!p.keys().isEmpty()) {
                writeKeys(json, p.keys());
            }
        } else if (frame instanceof ServerFrame.OnlineUsers o) {
            json.write(MSG_TYPE, "OnlineUsers").write("room", o.room());
            writeStrings(json, "Users", o.users());
        } else if (frame instanceof ServerFrame.Joined j) {
            json.write(MSG_TYPE, "Joined").write("room", j.room()).write("title", j.title()).write("nick", j.nick());
            writeStrings(json, "users", j.users());
            json.write("epoch", j.epoch());
            writeBroadcasts(json, "history", j.history());
            json.write("hasMore", j.hasMore());
            j.recovered().ifPresent(recovered -> json.write("recovered", recovered));
            writeKeys(json, j.keys());
            json.write("requireEncryption", j.requireEncryption());
            json.write("password", j.hasPassword());
        } else if (frame instanceof ServerFrame.Challenge c) {
            json.write(MSG_TYPE, "Challenge").write("room", c.room()).write("challenge", c.challenge());
        } else if (frame instanceof ServerFrame.HistoryPage h) {
            json.write(MSG_TYPE, "History").write("room", h.room()).write("epoch", h.epoch());
            writeBroadcasts(json, "messages", h.messages());
            json.write("hasMore", h.hasMore());
            h.continueAfter().ifPresent(id -> json.write("continueAfter", Long.toString(id)));
        } else if (frame instanceof ServerFrame.Ack a) {
            json.write(MSG_TYPE, "Ack").write("room", a.room()).write("clientMsgId", a.clientMsgId())
                    .write("id", Long.toString(a.id())).write("ts", a.timestamp());
        } else if (frame instanceof ServerFrame.Left l) {
            json.write(MSG_TYPE, "Left").write("room", l.room());
        } else if (frame instanceof ServerFrame.Hello h) {
            json.write(MSG_TYPE, "Hello").write("server", h.server());
            writeInts(json, "versions", h.versions());
        } else if (frame instanceof ServerFrame.ServerName s) {
            json.write("ServerName", s.name());
        } else if (frame instanceof ServerFrame.Rooms r) {
            json.write(MSG_TYPE, "Rooms").writeStartArray("rooms");
            for (ServerFrame.RoomSummary room : r.rooms()) {
                json.writeStartObject().write("name", room.name()).write("title", room.title())
                        .write("members", room.members()).write("password", room.hasPassword()).writeEnd();
            }
            json.writeEnd();
        } else if (frame instanceof ServerFrame.Pong p) {
            json.write(MSG_TYPE, "Pong");
            p.token().ifPresent(token -> json.write("token", token));
        } else if (frame instanceof ServerFrame.Error e) {
            json.write(MSG_TYPE, "Error").write("code", e.code().wireName()).write("text", e.text());
            e.room().ifPresent(room -> json.write("room", room));
            e.retryAfterMillis().ifPresent(millis -> json.write("retryAfterMs", millis));
            e.clientMsgId().ifPresent(id -> json.write("clientMsgId", id));
            if (!e.versions().isEmpty()) {
                writeInts(json, "versions", e.versions());
            }
        } else {
            throw new IllegalArgumentException("no encoding for " + frame.getClass().getName());
        }
    }

    private static void writeBroadcast(JsonWriter json, ServerFrame.Broadcast b) {
        json.write(MSG_TYPE, "Broadcast").write("id", Long.toString(b.id())).write("room", b.room())
                .write("ts", b.timestamp()).write("SrcUser", b.sender()).write("text", b.text());
    }

    private static void writeBroadcasts(JsonWriter json, String name, List<ServerFrame.Broadcast> messages) {
        json.writeStartArray(name);
        for (ServerFrame.Broadcast message : messages) {
            json.writeStartObject();
            writeBroadcast(json, message);
            json.writeEnd();
        }
        json.writeEnd();
    }

    private static void writeKeys(JsonWriter json, Map<String, PublicKeys> keys) {
        json.writeStartObject("keys");
        for (Map.Entry<String, PublicKeys> entry : keys.entrySet()) {
            json.writeStartObject(entry.getKey()).write("agreement", entry.getValue().agreement())
                    .write("signing", entry.getValue().signing()).write("algorithm", entry.getValue().algorithm())
                    .writeEnd();
        }
        json.writeEnd();
    }

    private static void writeStrings(JsonWriter json, String name, List<String> values) {
        if (values instanceof RenderedNames rendered) { // a member list: its text is ready, copy it
            json.writeRenderedArray(name, rendered);
            return;
        }
        if (values.size() > 64) { // a Presence after many joins: one allocation instead of a dozen doublings
            long chars = 0;
            for (String value : values) {
                chars += value.length() + 3;
            }
            json.reserve((int) Math.min(chars + 256, Integer.MAX_VALUE - 16));
        }
        json.writeStartArray(name);
        for (String value : values) {
            json.write(value);
        }
        json.writeEnd();
    }

    private static void writeInts(JsonWriter json, String name, List<Integer> values) {
        json.writeStartArray(name);
        for (int value : values) {
            json.write(value);
        }
        json.writeEnd();
    }
}
