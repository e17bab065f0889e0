package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** The owner's frames a /chat client sends (docs/PROTOCOL.md, "Rooms with owners and moderation"), as text. */
public final class OwnerRequests {
    private OwnerRequests() {
    }

    /** A Join without keys that creates a room with this owner password, or claims it. */
    public static String joinAsOwner(String room, String nick, String password, String ownerPassword) {
        JsonObjectBuilder join = Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("ownerPassword", ownerPassword);
        return (password == null ? join : join.add("password", password)).build().toString();
    }

    /** A Join with keys (answered by a Challenge) that also sets, or claims with, an owner password. */
    public static String joinWithKeysAsOwner(String room, String nick, TestIdentity keys, String ownerPassword) {
        return Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room).add("nick", nick)
                .add("keys", keys.keys()).add("ownerPassword", ownerPassword).build().toString();
    }

    /** A RoomSettings with exactly these fields besides msgType and room. */
    public static String roomSettings(String room, JsonObject fields) {
        return Json.createObjectBuilder(fields).add("msgType", "RoomSettings").add("room", room).build().toString();
    }

    /** A SetRole: "moderator" or "member". */
    public static String setRole(String room, String nick, String role) {
        return Json.createObjectBuilder().add("msgType", "SetRole").add("room", room).add("nick", nick)
                .add("role", role).build().toString();
    }

    public static String transferOwnership(String room, String nick) {
        return Json.createObjectBuilder().add("msgType", "TransferOwnership").add("room", room).add("nick", nick)
                .build().toString();
    }

    public static String deleteRoom(String room, String confirm) {
        return Json.createObjectBuilder().add("msgType", "DeleteRoom").add("room", room).add("confirm", confirm)
                .build().toString();
    }

    /** A WipeRoom: {@code confirm} must be the room's name; {@code newPassword} is its password afterwards. */
    public static String wipeRoom(String room, String confirm, String newPassword) {
        return Json.createObjectBuilder().add("msgType", "WipeRoom").add("room", room).add("confirm", confirm)
                .add("newPassword", newPassword).build().toString();
    }
}
