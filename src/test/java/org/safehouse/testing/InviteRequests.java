package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** The invite frames of docs/PROTOCOL.md "Invites", as a client sends them. */
public final class InviteRequests {
    private InviteRequests() {
    }

    public static String createInvite(String room, int maxUses, long expiresInMs) {
        return frame("CreateInvite", room).add("maxUses", maxUses).add("expiresInMs", expiresInMs).build().toString();
    }

    public static String listInvites(String room) {
        return frame("ListInvites", room).build().toString();
    }

    public static String revokeInvite(String room, String inviteId) {
        return frame("RevokeInvite", room).add("inviteId", inviteId).build().toString();
    }

    /** A salt of 16 bytes, base64: the seal every test's sealed room is made with. */
    public static final String SALT = "c2FsdCBvZiAxNiBieXRlcw==";

    /** A Join of a sealed room with keys and an invite token instead of a password. */
    public static String joinWithInvite(String room, String nick, TestIdentity keys, String token) {
        return join(room, nick, keys).addNull("password").add("sealed", true).add("invite", token).build()
                .toString();
    }

    /**
     * A Join of a sealed room with keys and a password ({@code null}: none): creates it sealed when it does not exist
     * (the seal is ignored when it does), as the page does with the join verifier as the password.
     */
    public static String joinWithKeys(String room, String nick, TestIdentity keys, String password) {
        JsonObjectBuilder join = join(room, nick, keys).add("requireEncryption", true)
                .add("sealed", Json.createObjectBuilder().add("salt", SALT).add("kdf", "argon2id-v1"));
        return (password == null ? join.addNull("password") : join.add("password", password)).build().toString();
    }

    private static JsonObjectBuilder join(String room, String nick, TestIdentity keys) {
        return Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("keys", keys.keys());
    }

    /** A sealed room's rotation: a new password (join verifier) with a new salt. */
    public static String rotate(String room, String password, String salt) {
        return frame("RoomSettings", room).add("password", password).add("salt", salt).build().toString();
    }

    private static JsonObjectBuilder frame(String type, String room) {
        return Json.createObjectBuilder().add("msgType", type).add("room", room);
    }
}
