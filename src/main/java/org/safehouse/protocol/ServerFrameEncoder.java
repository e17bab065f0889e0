package org.safehouse.protocol;

import java.util.List;
import java.util.Map;

/**
 * Writes server frames as JSON text, one {@link ServerFrame.Visitor} method per frame type: a new frame type does not
 * compile until it has its encoding here. Used through {@link JsonCodec#encode}.
 *
 * <p>Thread-safe and stateless: each frame gets a {@link JsonWriter} of its own, which produces what the JSON-P
 * generator would, faster. A member list that arrives as {@link RenderedNames} is spliced in, not escaped again.
 */
final class ServerFrameEncoder implements ServerFrame.Visitor<String> {
    private static final String MSG_TYPE = JsonCodec.MSG_TYPE;

    /** The frame's JSON text. Callers encode a broadcast once and share the text. */
    String encode(ServerFrame frame) {
        return frame.accept(this);
    }

    @Override
    public String visitHello(ServerFrame.Hello hello) {
        JsonWriter json = start("Hello").write("server", hello.server());
        writeInts(json, "versions", hello.versions());
        hello.certificate().ifPresent(certificate -> json.write("certificate", certificate));
        return end(json);
    }

    /** Ragnarok's greeting has no msgType. */
    @Override
    public String visitServerName(ServerFrame.ServerName serverName) {
        return end(new JsonWriter().writeStartObject().write("ServerName", serverName.name()));
    }

    @Override
    public String visitJoined(ServerFrame.Joined joined) {
        JsonWriter json = start("Joined").write("room", joined.room()).write("title", joined.title())
                .write("nick", joined.nick());
        writeStrings(json, "users", joined.users());
        json.write("epoch", joined.epoch());
        writeBroadcasts(json, "history", joined.history());
        json.write("hasMore", joined.hasMore());
        joined.recovered().ifPresent(recovered -> json.write("recovered", recovered));
        writeKeys(json, joined.keys());
        json.write("requireEncryption", joined.requireEncryption());
        json.write("password", joined.hasPassword()).write("role", joined.role().wireName())
                .write("topic", joined.topic());
        writeOptions(json, joined.settings());
        writeRoles(json, joined.roles());
        joined.seal().ifPresent(seal -> writeSeal(json, seal));
        return end(json);
    }

    @Override
    public String visitChallenge(ServerFrame.Challenge challenge) {
        return end(start("Challenge").write("room", challenge.room()).write("challenge", challenge.challenge()));
    }

    /** On the wire a page is a {@code History} frame, named like the client frame it answers. */
    @Override
    public String visitHistoryPage(ServerFrame.HistoryPage page) {
        JsonWriter json = start("History").write("room", page.room()).write("epoch", page.epoch());
        writeBroadcasts(json, "messages", page.messages());
        json.write("hasMore", page.hasMore());
        page.continueAfter().ifPresent(id -> json.write("continueAfter", Long.toString(id)));
        return end(json);
    }

    @Override
    public String visitAck(ServerFrame.Ack ack) {
        return end(start("Ack").write("room", ack.room()).write("clientMsgId", ack.clientMsgId())
                .write("id", Long.toString(ack.id())).write("ts", ack.timestamp()));
    }

    @Override
    public String visitLeft(ServerFrame.Left left) {
        return end(start("Left").write("room", left.room()));
    }

    @Override
    public String visitBroadcast(ServerFrame.Broadcast broadcast) {
        JsonWriter json = new JsonWriter().writeStartObject();
        writeBroadcastFields(json, broadcast);
        return end(json);
    }

    @Override
    public String visitPrivateMessage(ServerFrame.PrivateMessage message) {
        JsonWriter json = start("PrivateMessage").write("id", Long.toString(message.id()))
                .write("room", message.room()).write("ts", message.timestamp()).write("SrcUser", message.sender());
        message.target().ifPresent(target -> json.write("TgtUser", target));
        message.text().ifPresent(text -> json.write("text", text));
        message.encrypted().ifPresent(body -> json.write("clientMsgId", body.clientMsgId())
                .write("ciphertext", body.ciphertext()).write("iv", body.iv()).write("counter", body.counter())
                .write("signature", body.signature()));
        if (message.queued()) {
            json.write("queued", true);
        }
        return end(json);
    }

    @Override
    public String visitPresence(ServerFrame.Presence presence) {
        JsonWriter json = start("Presence").write("room", presence.room());
        writeStrings(json, "joined", presence.joined());
        writeStrings(json, "left", presence.left());
        if (!presence.keys().isEmpty()) {
            writeKeys(json, presence.keys());
        }
        return end(json);
    }

    @Override
    public String visitOnlineUsers(ServerFrame.OnlineUsers onlineUsers) {
        JsonWriter json = start("OnlineUsers").write("room", onlineUsers.room());
        writeStrings(json, "Users", onlineUsers.users());
        return end(json);
    }

    @Override
    public String visitRooms(ServerFrame.Rooms rooms) {
        JsonWriter json = start("Rooms").writeStartArray("rooms");
        for (ServerFrame.RoomSummary room : rooms.rooms()) {
            json.writeStartObject().write("name", room.name()).write("title", room.title())
                    .write("members", room.members()).write("password", room.hasPassword()).writeEnd();
        }
        return end(json.writeEnd());
    }

    @Override
    public String visitPong(ServerFrame.Pong pong) {
        JsonWriter json = start("Pong");
        pong.token().ifPresent(token -> json.write("token", token));
        return end(json);
    }

    @Override
    public String visitError(ServerFrame.Error error) {
        JsonWriter json = start("Error").write("code", error.code().wireName()).write("text", error.text());
        error.room().ifPresent(room -> json.write("room", room));
        error.retryAfterMillis().ifPresent(millis -> json.write("retryAfterMs", millis));
        error.clientMsgId().ifPresent(id -> json.write("clientMsgId", id));
        if (!error.versions().isEmpty()) {
            writeInts(json, "versions", error.versions());
        }
        return end(json);
    }

    @Override
    public String visitSettings(ServerFrame.Settings settings) {
        JsonWriter json = start("Settings").write("room", settings.room()).write("topic", settings.topic())
                .write("password", settings.hasPassword());
        writeOptions(json, settings.settings());
        json.write("by", settings.by());
        settings.seal().ifPresent(seal -> writeSeal(json, seal));
        return end(json);
    }

    @Override
    public String visitRoles(ServerFrame.Roles roles) {
        JsonWriter json = start("Roles").write("room", roles.room());
        writeRoles(json, roles.roles());
        return end(json);
    }

    @Override
    public String visitRoomEvent(ServerFrame.RoomEvent event) {
        JsonWriter json = start("RoomEvent").write("room", event.room()).write("id", Long.toString(event.id()))
                .write("ts", event.timestamp()).write("event", event.event().wireName())
                .write("actor", event.actor());
        event.target().ifPresent(target -> json.write("target", target));
        event.reason().ifPresent(reason -> json.write("reason", reason));
        event.untilMs().ifPresent(until -> json.write("until", until));
        return end(json);
    }

    @Override
    public String visitRemoved(ServerFrame.Removed removed) {
        JsonWriter json = start("Removed").write("room", removed.room()).write("reason", removed.reason().wireName());
        removed.by().ifPresent(by -> json.write("by", by));
        removed.text().ifPresent(text -> json.write("text", text));
        return end(json);
    }

    @Override
    public String visitBans(ServerFrame.Bans bans) {
        JsonWriter json = start("Bans").write("room", bans.room()).writeStartArray("bans");
        for (ServerFrame.BanSummary ban : bans.bans()) {
            json.writeStartObject().write("id", ban.id()).writeStartArray("kinds");
            for (BanKind kind : BanKind.values()) { // in a fixed order, whatever the set's
                if (ban.kinds().contains(kind)) {
                    json.write(kind.wireName());
                }
            }
            json.writeEnd().write("label", ban.label());
            ban.reason().ifPresent(reason -> json.write("reason", reason));
            json.write("by", ban.by());
            ban.untilMs().ifPresent(until -> json.write("until", until));
            json.writeEnd();
        }
        return end(json.writeEnd());
    }

    @Override
    public String visitInvite(ServerFrame.Invite invite) {
        return end(start("Invite").write("room", invite.room()).write("inviteId", invite.inviteId())
                .write("token", invite.token()).write("maxUses", invite.maxUses())
                .write("usesLeft", invite.usesLeft()).write("expires", invite.expires()));
    }

    @Override
    public String visitInvites(ServerFrame.Invites invites) {
        JsonWriter json = start("Invites").write("room", invites.room()).writeStartArray("invites");
        for (ServerFrame.InviteSummary invite : invites.invites()) {
            json.writeStartObject().write("inviteId", invite.inviteId()).write("by", invite.by())
                    .write("maxUses", invite.maxUses()).write("usesLeft", invite.usesLeft())
                    .write("expires", invite.expires()).writeEnd();
        }
        return end(json.writeEnd());
    }

    /** A writer holding {@code {"msgType":"<type>"}} so far. */
    private static JsonWriter start(String type) {
        return new JsonWriter().writeStartObject().write(MSG_TYPE, type);
    }

    private static String end(JsonWriter json) {
        return json.writeEnd().toString();
    }

    /** A Broadcast's fields, the same in a live frame and inside a history array. */
    private static void writeBroadcastFields(JsonWriter json, ServerFrame.Broadcast message) {
        json.write(MSG_TYPE, "Broadcast").write("id", Long.toString(message.id())).write("room", message.room())
                .write("ts", message.timestamp()).write("SrcUser", message.sender());
        if (message.sealed().isEmpty()) {
            json.write("text", message.text());
            return;
        }
        SealedBody body = message.sealed().get();
        json.write("clientMsgId", body.clientMsgId()).writeStartObject("sealed").write("v", body.version())
                .write("keyId", body.keyId()).write("iv", body.iv()).write("ciphertext", body.ciphertext())
                .write("signature", body.signature()).writeEnd();
    }

    @Override
    public String visitSealInfo(ServerFrame.SealInfo sealInfo) {
        JsonWriter json = start("SealInfo").write("room", sealInfo.room()).write("sealed", sealInfo.seal().isPresent());
        sealInfo.seal().ifPresent(seal -> json.write("salt", seal.salt()).write("kdf", seal.kdf()));
        return end(json);
    }

    private static void writeSeal(JsonWriter json, RoomSeal seal) {
        json.writeStartObject("seal").write("salt", seal.salt()).write("kdf", seal.kdf()).writeEnd();
    }

    private static void writeBroadcasts(JsonWriter json, String name, List<ServerFrame.Broadcast> messages) {
        json.writeStartArray(name);
        for (ServerFrame.Broadcast message : messages) {
            json.writeStartObject();
            writeBroadcastFields(json, message);
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

    private static void writeOptions(JsonWriter json, ServerFrame.RoomOptions options) {
        json.writeStartObject("settings").write("maxMembers", options.maxMembers())
                .write("postPolicy", options.postPolicy().wireName())
                .write("historyForNewcomers", options.historyForNewcomers()).writeEnd();
    }

    private static void writeRoles(JsonWriter json, Map<String, Role> roles) {
        json.writeStartObject("roles");
        for (Map.Entry<String, Role> entry : roles.entrySet()) {
            json.write(entry.getKey(), entry.getValue().wireName());
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
