package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/**
 * The frames a /chat client sends, as the text the core receives; built with a JSON builder, so any nickname, room or
 * text is escaped as a browser's JSON.stringify would.
 */
public final class ClientFrames {
    private ClientFrames() {
    }

    /** A Join of protocol version 1 without a password. */
    public static String join(String room, String nick) {
        return joinBuilder(room, nick).build().toString();
    }

    /** A Join of protocol version 1 with this password ({@code null} is sent as JSON null). */
    public static String join(String room, String nick, String password) {
        JsonObjectBuilder join = joinBuilder(room, nick);
        return (password == null ? join.addNull("password") : join.add("password", password)).build().toString();
    }

    /** A Join that carries these public keys (the server answers with a Challenge). */
    public static String joinWithKeys(String room, String nick, TestIdentity keys) {
        return joinBuilder(room, nick).add("keys", keys.keys()).build().toString();
    }

    /** A Join that carries this keys object as it is (a person's device: with an {@code identity}). */
    public static String joinWithKeys(String room, String nick, jakarta.json.JsonObject keys) {
        return joinBuilder(room, nick).add("keys", keys).build().toString();
    }

    public static String prove(String room, String signature) {
        return Json.createObjectBuilder().add("msgType", "Prove").add("room", room).add("signature", signature)
                .build().toString();
    }

    public static String broadcast(String room, String text) {
        return Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text).build()
                .toString();
    }

    public static String leave(String room) {
        return Json.createObjectBuilder().add("msgType", "Leave").add("room", room).build().toString();
    }

    private static JsonObjectBuilder joinBuilder(String room, String nick) {
        return Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room).add("nick", nick);
    }
}
