package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** The moderation frames a /chat client sends (docs/PROTOCOL.md, "Rooms with owners and moderation"), as text. */
public final class ModerationRequests {
    private ModerationRequests() {
    }

    public static String kick(String room, String nick, String reason) {
        JsonObjectBuilder kick = frame("Kick", room).add("nick", nick);
        return (reason == null ? kick : kick.add("reason", reason)).build().toString();
    }

    /** A Ban of every kind, for ever, without a reason. */
    public static String ban(String room, String nick) {
        return ban(room, nick, null, null);
    }

    /** A Ban of every kind; {@code null} reason or duration is left out. */
    public static String ban(String room, String nick, String reason, Long durationMs) {
        JsonObjectBuilder ban = frame("Ban", room).add("nick", nick);
        if (reason != null) {
            ban.add("reason", reason);
        }
        if (durationMs != null) {
            ban.add("durationMs", durationMs);
        }
        return ban.build().toString();
    }

    /** A Ban of only these kinds ("key", "nick", "address"), for ever. */
    public static String banKinds(String room, String nick, String... kinds) {
        return frame("Ban", room).add("nick", nick).add("kinds", Json.createArrayBuilder(java.util.List.of(kinds)))
                .build().toString();
    }

    public static String unban(String room, String banId) {
        return frame("Unban", room).add("banId", banId).build().toString();
    }

    public static String listBans(String room) {
        return frame("ListBans", room).build().toString();
    }

    public static String mute(String room, String nick, long durationMs) {
        return frame("Mute", room).add("nick", nick).add("durationMs", durationMs).build().toString();
    }

    public static String unmute(String room, String nick) {
        return frame("Unmute", room).add("nick", nick).build().toString();
    }

    private static JsonObjectBuilder frame(String msgType, String room) {
        return Json.createObjectBuilder().add("msgType", msgType).add("room", room);
    }
}
