package org.safehouse.protocol;

import static org.safehouse.protocol.JsonFields.exactLong;
import static org.safehouse.protocol.JsonFields.optionalBoolean;
import static org.safehouse.protocol.JsonFields.optionalId;
import static org.safehouse.protocol.JsonFields.optionalString;
import static org.safehouse.protocol.JsonFields.requiredInt;
import static org.safehouse.protocol.JsonFields.requiredString;
import static org.safehouse.protocol.JsonFields.shortString;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.Map;
import java.util.Optional;

/**
 * Reads client frames: a text frame to a {@link ClientFrame}, or a {@link ProtocolException} with the code that tells
 * the client what was wrong. Used through {@link JsonCodec#decode}.
 *
 * <p>Thread-safe and stateless; the JSON-P reader factory is looked up once because {@code Json.createReader} runs a
 * ServiceLoader lookup on every call.
 */
final class ClientFrameDecoder {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    /** See {@link JsonCodec#decode}: a frame, or a ProtocolException, never another exception. */
    ClientFrame decode(String text) throws ProtocolException {
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
        JsonValue type = object.get(JsonCodec.MSG_TYPE);
        if (!(type instanceof JsonString typeName)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "msgType must be a string", Optional.empty());
        }
        Optional<String> room = optionalString(object, "room", Optional.empty());
        switch (typeName.getString()) {
            case "Join":
                SealedFrameDecoder.JoinSeal seal = SealedFrameDecoder.joinSeal(object, room);
                return new ClientFrame.Join(requiredInt(object, "version", room), requiredString(object, "room", room),
                        requiredString(object, "nick", room), optionalString(object, "password", room),
                        optionalId(object, "since", room), shortString(object, "epoch", room), keys(object, room),
                        optionalBoolean(object, "requireEncryption", room),
                        GovernanceFrameDecoder.ownerPassword(object, room), InviteFrameDecoder.invite(object, room),
                        seal.sealed(), seal.seal());
            case "Prove":
                return new ClientFrame.Prove(requiredString(object, "room", room),
                        requiredString(object, "signature", room));
            case "Leave":
                return new ClientFrame.Leave(requiredString(object, "room", room));
            case "Broadcast":
                if (object.containsKey("sealed")) {
                    return SealedFrameDecoder.sealedBroadcast(object, room);
                }
                return new ClientFrame.Broadcast(room, requiredString(object, "text", room),
                        shortString(object, "clientMsgId", room));
            case "History":
                Optional<Long> before = optionalId(object, "before", room);
                Optional<Long> after = optionalId(object, "after", room);
                if (before.isPresent() && after.isPresent()) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD, "give before or after, not both", room);
                }
                int limit = object.containsKey("limit") ? requiredInt(object, "limit", room) : JsonCodec.MAX_PAGE;
                if (limit < 1 || limit > JsonCodec.MAX_PAGE) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD, "limit must be 1 to " + JsonCodec.MAX_PAGE,
                            room);
                }
                return new ClientFrame.History(requiredString(object, "room", room), before, after, limit);
            case "PrivateMessage":
                return privateMessage(object, room);
            case "ListRooms":
                return new ClientFrame.ListRooms();
            case "Ping":
                return new ClientFrame.Ping(shortString(object, "token", room));
            case "SealInfo":
                return new ClientFrame.SealInfo(requiredString(object, "room", room));
            case "CreateInvite":
            case "ListInvites":
            case "RevokeInvite":
                return InviteFrameDecoder.decode(typeName.getString(), object, room);
            default:
                return GovernanceFrameDecoder.decode(typeName.getString(), object, room);
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

}
