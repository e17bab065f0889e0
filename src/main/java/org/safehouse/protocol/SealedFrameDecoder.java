package org.safehouse.protocol;

import static org.safehouse.protocol.JsonFields.optionalString;
import static org.safehouse.protocol.JsonFields.requiredInt;
import static org.safehouse.protocol.JsonFields.requiredShortString;
import static org.safehouse.protocol.JsonFields.requiredString;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the sealed-room parts of client frames for {@link ClientFrameDecoder} and {@link GovernanceFrameDecoder}:
 * {@code Join.sealed}, a sealed {@code Broadcast}, and the new salt of a {@code RoomSettings} or {@code WipeRoom}, with
 * the shapes docs/PROTOCOL.md ("Sealed rooms") gives. How long a ciphertext may be depends on the server's text
 * limit: that is the core's check. Stateless.
 */
final class SealedFrameDecoder {
    /** Base64 of 12 bytes. */
    private static final int IV_BYTES = 12;
    /** An Ed25519 signature is 64 bytes, an ECDSA P-256 one in DER at most 72: room for both, as for private messages. */
    private static final int MIN_SIGNATURE_BYTES = 32;
    private static final int MAX_SIGNATURE_BYTES = 160;
    /** AES-GCM's tag alone. */
    private static final int MIN_CIPHERTEXT_BYTES = 16;

    private SealedFrameDecoder() {
    }

    /** A Join's {@code sealed}: absent, null or false (not sealed), true, or the seal of a room to create. */
    record JoinSeal(boolean sealed, Optional<RoomSeal> seal) {
        static final JoinSeal NONE = new JoinSeal(false, Optional.empty());
    }

    static JoinSeal joinSeal(JsonObject object, Optional<String> room) throws ProtocolException {
        JsonValue value = object.get("sealed");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL
                || value.getValueType() == JsonValue.ValueType.FALSE) {
            return JoinSeal.NONE;
        }
        if (value.getValueType() == JsonValue.ValueType.TRUE) {
            return new JoinSeal(true, Optional.empty());
        }
        if (!(value instanceof JsonObject seal)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "sealed must be true, false or an object", room);
        }
        String salt = requiredString(seal, "salt", room);
        String kdf = requiredString(seal, "kdf", room);
        Optional<String> problem = RoomSeal.problem(salt, kdf);
        if (problem.isPresent()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, problem.get(), room);
        }
        return new JoinSeal(true, Optional.of(new RoomSeal(salt, kdf)));
    }

    /** A Broadcast with {@code sealed} and no {@code text}. */
    static ClientFrame.Broadcast sealedBroadcast(JsonObject object, Optional<String> room) throws ProtocolException {
        if (object.containsKey("text")) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "a sealed message has no text", room);
        }
        String clientMsgId = requiredShortString(object, "clientMsgId", room);
        if (!(object.get("sealed") instanceof JsonObject sealed)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "sealed must be an object", room);
        }
        if (requiredInt(sealed, "v", room) != SealedBody.VERSION) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "sealed.v must be " + SealedBody.VERSION, room);
        }
        String keyId = requiredString(sealed, "keyId", room);
        if (!keyId.matches("[0-9a-f]{16}")) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "sealed.keyId must be 16 lowercase hex digits", room);
        }
        String iv = requiredString(sealed, "iv", room);
        String ciphertext = requiredString(sealed, "ciphertext", room);
        String signature = requiredString(sealed, "signature", room);
        if (!isBase64(iv, IV_BYTES, IV_BYTES) || !isBase64(signature, MIN_SIGNATURE_BYTES, MAX_SIGNATURE_BYTES)
                || !isBase64(ciphertext, MIN_CIPHERTEXT_BYTES, Integer.MAX_VALUE)) {
            throw new ProtocolException(ErrorCode.BAD_FIELD,
                    "sealed.iv (12 bytes), sealed.ciphertext and sealed.signature must be base64", room);
        }
        return new ClientFrame.Broadcast(room, "", Optional.of(clientMsgId), Optional.of(new SealedBody(clientMsgId,
                SealedBody.VERSION, keyId, iv, ciphertext, signature)));
    }

    /** A RoomSettings' or a WipeRoom's {@code salt}: base64 of 16 bytes, when given. */
    static Optional<String> salt(JsonObject object, Optional<String> room) throws ProtocolException {
        Optional<String> salt = optionalString(object, "salt", room);
        if (salt.isPresent()) {
            Optional<String> problem = RoomSeal.saltProblem(salt.get());
            if (problem.isPresent()) {
                throw new ProtocolException(ErrorCode.BAD_FIELD, problem.get(), room);
            }
        }
        return salt;
    }

    private static boolean isBase64(String text, int minBytes, int maxBytes) {
        if (text.length() > 4L * (maxBytes / 3 + 1)) {
            return false;
        }
        try {
            int length = Base64.getDecoder().decode(text).length;
            return length >= minBytes && length <= maxBytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
