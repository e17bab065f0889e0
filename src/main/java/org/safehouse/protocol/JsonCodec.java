package org.safehouse.protocol;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes client frames and encodes server frames. The only place that knows wire names.
 *
 * <p>Thread-safe and stateless; the JSON-P factories are looked up once because {@code Json.createReader} runs a
 * ServiceLoader lookup on every call.
 */
public final class JsonCodec {
    static final String MSG_TYPE = "msgType";
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());
    private static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
    private static final int MAX_TOKEN_CHARS = 64;

    /** Decodes one text frame of the modern protocol, or a Ragnarok frame once the client has joined. */
    public ClientFrame decode(String text) throws ProtocolException {
        JsonObject object = parseObject(text);
        JsonValue type = object.get(MSG_TYPE);
        if (!(type instanceof JsonString typeName)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "msgType must be a string", Optional.empty());
        }
        Optional<String> room = optionalString(object, "room", Optional.empty());
        switch (typeName.getString()) {
            case "Join":
                return new ClientFrame.Join(requiredInt(object, "version", room), requiredString(object, "room", room),
                        requiredString(object, "nick", room), optionalString(object, "password", room));
            case "Leave":
                return new ClientFrame.Leave(requiredString(object, "room", room));
            case "Broadcast":
                return new ClientFrame.Broadcast(room, requiredString(object, "text", room));
            case "PrivateMessage":
                return new ClientFrame.PrivateMessage(room, requiredString(object, "TgtUser", room),
                        requiredString(object, "text", room));
            case "ListRooms":
                return new ClientFrame.ListRooms();
            case "Ping":
                Optional<String> token = optionalString(object, "token", room);
                if (token.isPresent() && token.get().length() > MAX_TOKEN_CHARS) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD,
                            "token must be at most " + MAX_TOKEN_CHARS + " characters", room);
                }
                return new ClientFrame.Ping(token);
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
        } catch (JsonException | IllegalStateException e) {
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
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = GENERATORS.createGenerator(out)) {
            json.writeStartObject();
            writeBody(json, frame);
            json.writeEnd();
        }
        return out.toString();
    }

    private static void writeBody(JsonGenerator json, ServerFrame frame) {
        if (frame instanceof ServerFrame.Broadcast b) {
            json.write(MSG_TYPE, "Broadcast").write("id", Long.toString(b.id())).write("room", b.room())
                    .write("ts", b.timestamp()).write("SrcUser", b.sender()).write("text", b.text());
        } else if (frame instanceof ServerFrame.PrivateMessage p) {
            json.write(MSG_TYPE, "PrivateMessage").write("id", Long.toString(p.id())).write("room", p.room())
                    .write("ts", p.timestamp()).write("SrcUser", p.sender());
            p.target().ifPresent(target -> json.write("TgtUser", target));
            json.write("text", p.text());
        } else if (frame instanceof ServerFrame.Presence p) {
            json.write(MSG_TYPE, "Presence").write("room", p.room());
            writeStrings(json, "joined", p.joined());
            writeStrings(json, "left", p.left());
        } else if (frame instanceof ServerFrame.OnlineUsers o) {
            json.write(MSG_TYPE, "OnlineUsers").write("room", o.room());
            writeStrings(json, "Users", o.users());
        } else if (frame instanceof ServerFrame.Joined j) {
            json.write(MSG_TYPE, "Joined").write("room", j.room()).write("title", j.title()).write("nick", j.nick());
            writeStrings(json, "users", j.users());
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
            if (!e.versions().isEmpty()) {
                writeInts(json, "versions", e.versions());
            }
        } else {
            throw new IllegalArgumentException("no encoding for " + frame.getClass().getName());
        }
    }

    private static void writeStrings(JsonGenerator json, String name, List<String> values) {
        json.writeStartArray(name);
        for (String value : values) {
            json.write(value);
        }
        json.writeEnd();
    }

    private static void writeInts(JsonGenerator json, String name, List<Integer> values) {
        json.writeStartArray(name);
        for (int value : values) {
            json.write(value);
        }
        json.writeEnd();
    }
}
