package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The sealed-room frames a page sends (docs/PROTOCOL.md, "Sealed rooms"), as text for the core. The server never sees
 * the room key, so the tests need none: a verifier is any 43-character base64url string, and a sealed body any
 * well-formed bytes (the server relays them unread).
 */
public final class SealedFrames {
    public static final String KDF = "argon2id-v1";
    /** Base64 of 16 bytes. */
    public static final String SALT = "c2FsdHNhbHRzYWx0c2FsdA==";
    public static final String NEW_SALT = "bmV3IHNhbHQgMTYgYnl0ZQ==";

    private SealedFrames() {
    }

    /** A join verifier as the page sends it: base64url of 32 bytes (43 characters), here a digest of a password. */
    public static String verifier(String password) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public static String sealInfo(String room) {
        return Json.createObjectBuilder().add("msgType", "SealInfo").add("room", room).build().toString();
    }

    /** The Join that creates a sealed room: its seal, keys, requireEncryption and the verifier. */
    public static String create(String room, String nick, TestIdentity keys, String password) {
        return join(room, nick, keys, password).add("requireEncryption", true)
                .add("sealed", seal(SALT)).build().toString();
    }

    /** The Join of an existing sealed room: {@code "sealed": true}, keys and the verifier. */
    public static String join(String room, String nick, TestIdentity keys, String password, boolean sealed) {
        JsonObjectBuilder join = join(room, nick, keys, password);
        return (sealed ? join.add("sealed", true) : join).build().toString();
    }

    public static JsonObject seal(String salt) {
        return Json.createObjectBuilder().add("salt", salt).add("kdf", KDF).build();
    }

    /** A sealed Broadcast; {@code ciphertext} stands for what the page would seal. */
    public static String broadcast(String room, String clientMsgId, String ciphertext) {
        return Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room)
                .add("clientMsgId", clientMsgId).add("sealed", body(ciphertext)).build().toString();
    }

    /** A sealed body: v 1, a key id, a 12-byte IV, the ciphertext and a 64-byte signature. */
    public static JsonObject body(String ciphertext) {
        return Json.createObjectBuilder().add("v", 1).add("keyId", "0123456789abcdef")
                .add("iv", "aXZpdml2aXZpdml2").add("ciphertext", ciphertext)
                .add("signature", Base64.getEncoder().encodeToString(new byte[64])).build();
    }

    /** The owner's rotation: a new verifier with a new salt. */
    public static String rotate(String room, String password, String salt) {
        return Json.createObjectBuilder().add("msgType", "RoomSettings").add("room", room)
                .add("password", verifier(password)).add("salt", salt).build().toString();
    }

    /**
     * The owner's panic wipe of a sealed room: the new verifier, with {@code salt} (a new one, for the new room key;
     * null: none).
     */
    public static String wipe(String room, String password, String salt) {
        JsonObjectBuilder wipe = Json.createObjectBuilder().add("msgType", "WipeRoom").add("room", room)
                .add("confirm", room).add("newPassword", verifier(password));
        return (salt == null ? wipe : wipe.add("salt", salt)).build().toString();
    }

    private static JsonObjectBuilder join(String room, String nick, TestIdentity keys, String password) {
        JsonObjectBuilder join = Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick);
        if (keys != null) {
            join.add("keys", keys.keys());
        }
        return password == null ? join : join.add("password", verifier(password));
    }
}
