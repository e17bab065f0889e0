package org.safehouse.protocol;

import static org.safehouse.protocol.JsonFields.optionalFlag;
import static org.safehouse.protocol.JsonFields.optionalLong;
import static org.safehouse.protocol.JsonFields.optionalString;
import static org.safehouse.protocol.JsonFields.optionalStrings;
import static org.safehouse.protocol.JsonFields.requiredLong;
import static org.safehouse.protocol.JsonFields.requiredString;
import static org.safehouse.protocol.JsonFields.shortString;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads the frames that run a room (settings, roles, kicks, bans, mutes, deletion, wipe) for
 * {@link ClientFrameDecoder}, with the limits docs/PROTOCOL.md states ("Rooms with owners and moderation"). Whether
 * the sender may do it is the core's rule; this class only checks that the frame is well formed. Stateless.
 */
final class GovernanceFrameDecoder {
    /** Longest topic, in characters (code points); the text rules are those of a Broadcast. */
    static final int MAX_TOPIC_CHARS = 300;
    /** Longest reason of a kick or ban, in characters (code points). */
    static final int MAX_REASON_CHARS = 200;
    /** Longest password, owner password or new password, in UTF-8 bytes. */
    static final int MAX_PASSWORD_BYTES = 1024;
    /** Shortest new password of a wiped room, in characters. */
    static final int MIN_WIPE_PASSWORD_CHARS = 8;
    /** Largest member limit; 0 means no limit. */
    static final long MAX_MEMBERS = 10_000_000;
    /** Shortest and longest ban or mute: a minute and 365 days. */
    static final long MIN_DURATION_MS = 60_000;
    static final long MAX_DURATION_MS = 31_536_000_000L;

    private GovernanceFrameDecoder() {
    }

    /** The frame of this msgType, or {@code unknown_type} when it is none of the frames that run a room. */
    static ClientFrame decode(String type, JsonObject object, Optional<String> room) throws ProtocolException {
        switch (type) {
            case "RoomSettings":
                return roomSettings(object, room);
            case "SetRole":
                return new ClientFrame.SetRole(requiredString(object, "room", room),
                        requiredString(object, "nick", room), grantableRole(object, room));
            case "TransferOwnership":
                return new ClientFrame.TransferOwnership(requiredString(object, "room", room),
                        requiredString(object, "nick", room));
            case "Kick":
                return new ClientFrame.Kick(requiredString(object, "room", room), requiredString(object, "nick", room),
                        text(object, "reason", MAX_REASON_CHARS, room));
            case "Ban":
                return new ClientFrame.Ban(requiredString(object, "room", room), requiredString(object, "nick", room),
                        banKinds(object, room), text(object, "reason", MAX_REASON_CHARS, room),
                        duration(object, room));
            case "Unban":
                return new ClientFrame.Unban(requiredString(object, "room", room), banId(object, room));
            case "ListBans":
                return new ClientFrame.ListBans(requiredString(object, "room", room));
            case "Mute":
                return new ClientFrame.Mute(requiredString(object, "room", room), requiredString(object, "nick", room),
                        requiredLong(object, "durationMs", MIN_DURATION_MS, MAX_DURATION_MS, room));
            case "Unmute":
                return new ClientFrame.Unmute(requiredString(object, "room", room),
                        requiredString(object, "nick", room));
            case "DeleteRoom":
                return new ClientFrame.DeleteRoom(requiredString(object, "room", room),
                        requiredString(object, "confirm", room));
            case "WipeRoom":
                return wipeRoom(object, room);
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown msgType", room);
        }
    }

    /** Join's {@code ownerPassword}: empty when absent, null or "" (like {@code password}). */
    static Optional<String> ownerPassword(JsonObject object, Optional<String> room) throws ProtocolException {
        return password(object, "ownerPassword", room).filter(password -> !password.isEmpty());
    }

    private static ClientFrame.RoomSettings roomSettings(JsonObject object, Optional<String> room)
            throws ProtocolException {
        OptionalLong maxMembers = optionalLong(object, "maxMembers", 0, MAX_MEMBERS, room);
        Optional<PostPolicy> postPolicy = optionalString(object, "postPolicy", room).isEmpty() ? Optional.empty()
                : Optional.of(wireName(PostPolicy.class, object, "postPolicy", room));
        ClientFrame.RoomSettings settings = new ClientFrame.RoomSettings(requiredString(object, "room", room),
                text(object, "topic", MAX_TOPIC_CHARS, room), password(object, "password", room),
                maxMembers.isPresent() ? OptionalInt.of((int) maxMembers.getAsLong()) : OptionalInt.empty(),
                postPolicy, optionalFlag(object, "historyForNewcomers", room), SealedFrameDecoder.salt(object, room));
        if (settings.topic().isEmpty() && settings.password().isEmpty() && settings.maxMembers().isEmpty()
                && settings.postPolicy().isEmpty() && settings.historyForNewcomers().isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "RoomSettings changes nothing: give at least one of "
                    + "topic, password, maxMembers, postPolicy, historyForNewcomers", room);
        }
        if (settings.salt().isPresent() && settings.password().filter(p -> !p.isEmpty()).isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "salt comes only with a new password", room);
        }
        return settings;
    }

    private static ClientFrame.WipeRoom wipeRoom(JsonObject object, Optional<String> room) throws ProtocolException {
        Optional<String> newPassword = password(object, "newPassword", room);
        if (newPassword.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "missing field newPassword", room);
        }
        String password = newPassword.get();
        if (password.codePointCount(0, password.length()) < MIN_WIPE_PASSWORD_CHARS) {
            throw new ProtocolException(ErrorCode.BAD_FIELD,
                    "newPassword must be at least " + MIN_WIPE_PASSWORD_CHARS + " characters", room);
        }
        return new ClientFrame.WipeRoom(requiredString(object, "room", room), requiredString(object, "confirm", room),
                password, SealedFrameDecoder.salt(object, room));
    }

    /** A SetRole's role: moderator or member; the owner changes only by TransferOwnership. */
    private static Role grantableRole(JsonObject object, Optional<String> room) throws ProtocolException {
        Role role = wireName(Role.class, object, "role", room);
        if (role == Role.OWNER) {
            throw new ProtocolException(ErrorCode.BAD_FIELD,
                    "role must be moderator or member (use TransferOwnership to hand over the room)", room);
        }
        return role;
    }

    /** A Ban's kinds: absent means all three; present, a non-empty array of distinct kinds. */
    private static Set<BanKind> banKinds(JsonObject object, Optional<String> room) throws ProtocolException {
        Optional<List<String>> names = optionalStrings(object, "kinds", room);
        if (names.isEmpty()) {
            return EnumSet.allOf(BanKind.class);
        }
        Set<BanKind> kinds = EnumSet.noneOf(BanKind.class);
        for (String name : names.get()) {
            Optional<BanKind> kind = WireNamed.fromWireName(BanKind.class, name);
            if (kind.isEmpty() || !kinds.add(kind.get())) {
                throw new ProtocolException(ErrorCode.BAD_FIELD,
                        "kinds must hold distinct values of key, nick, address", room);
            }
        }
        if (kinds.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "kinds must not be empty (leave it out to ban all three)",
                    room);
        }
        return kinds;
    }

    private static OptionalLong duration(JsonObject object, Optional<String> room) throws ProtocolException {
        return optionalLong(object, "durationMs", MIN_DURATION_MS, MAX_DURATION_MS, room);
    }

    private static String banId(JsonObject object, Optional<String> room) throws ProtocolException {
        requiredString(object, "banId", room);
        return shortString(object, "banId", room).orElseThrow();
    }

    /** A field holding one of an enum's wire names. */
    private static <E extends Enum<E> & WireNamed> E wireName(Class<E> type, JsonObject object, String field,
                                                              Optional<String> room) throws ProtocolException {
        String name = requiredString(object, field, room);
        return WireNamed.fromWireName(type, name).orElseThrow(() -> new ProtocolException(ErrorCode.BAD_FIELD,
                "unknown value of " + field, room));
    }

    /** An optional text a member reads (topic, reason): the text rules of a Broadcast, at most {@code max} chars. */
    private static Optional<String> text(JsonObject object, String field, int max, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = optionalString(object, field, room);
        if (value.isEmpty()) {
            return value;
        }
        String text = value.get();
        if (text.length() > max && text.codePointCount(0, text.length()) > max) {
            throw new ProtocolException(ErrorCode.TEXT_TOO_LONG, field + " is longer than " + max + " characters",
                    room);
        }
        String problem = MessageText.problem(text);
        if (problem != null) {
            throw new ProtocolException(ErrorCode.BAD_TEXT, field + ": " + problem, room);
        }
        return value;
    }

    /** An optional password of at most {@value #MAX_PASSWORD_BYTES} UTF-8 bytes. */
    private static Optional<String> password(JsonObject object, String field, Optional<String> room)
            throws ProtocolException {
        Optional<String> value = optionalString(object, field, room);
        if (value.isPresent() && value.get().length() > MAX_PASSWORD_BYTES / 3
                && value.get().getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new ProtocolException(ErrorCode.BAD_FIELD,
                    field + " must be at most " + MAX_PASSWORD_BYTES + " bytes (UTF-8)", room);
        }
        return value;
    }
}
