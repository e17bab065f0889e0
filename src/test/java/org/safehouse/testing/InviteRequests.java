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

    /** A Join with keys and an invite token instead of a password. */
    public static String joinWithInvite(String room, String nick, TestIdentity keys, String token) {
        return join(room, nick, keys).addNull("password").add("invite", token).build().toString();
    }

    /** A Join with keys and a password ({@code null}: none), asking for encryption (how a sealed room is made). */
    public static String joinWithKeys(String room, String nick, TestIdentity keys, String password) {
        JsonObjectBuilder join = join(room, nick, keys).add("requireEncryption", true);
        return (password == null ? join.addNull("password") : join.add("password", password)).build().toString();
    }

    private static JsonObjectBuilder join(String room, String nick, TestIdentity keys) {
        return Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("keys", keys.keys());
    }

    private static JsonObjectBuilder frame(String type, String room) {
        return Json.createObjectBuilder().add("msgType", type).add("room", room);
    }
}
