package org.safehouse.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fixed value behind each golden server frame file, by its name under golden/server. Files under
 * {@code ragnarok/} are frames a Ragnarok client receives: their bytes are compared exactly. Values follow the
 * examples of docs/PROTOCOL.md; texts and names carry quotes, a newline and non-ASCII so the escaping is pinned too.
 */
final class GoldenServerFrames {
    static final String RAGNAROK = "ragnarok/";

    private static final long ID = 7260913021018112L;
    private static final long TS = 1763779200000L;
    private static final String EPOCH = "c0ffee00c0ffee00";
    private static final PublicKeys CAROL_KEYS = new PublicKeys("MCowBQYDK2VuAyEAagree", "MCowBQYDK2VwAyEAsign",
            "Ed25519");
    private static final EncryptedBody SEALED = new EncryptedBody("k3j2", "c2VhbGVk", "aXZpdml2aXZpdml2", 7,
            "c2lnbmVk");

    private GoldenServerFrames() {
    }

    static Map<String, ServerFrame> cases() {
        Map<String, ServerFrame> cases = new LinkedHashMap<>();
        cases.put(RAGNAROK + "ServerName.json", new ServerFrame.ServerName("Ks"));
        cases.put(RAGNAROK + "OnlineUsers.json", new ServerFrame.OnlineUsers("lobby",
                rendered("john", "smith", "Zoë \"the quick\"")));
        cases.put(RAGNAROK + "Broadcast.json", broadcast(ID, "john", "hi \"you\"\n\t中文 😀 a\\b"));
        cases.put(RAGNAROK + "PrivateMessage.json", new ServerFrame.PrivateMessage(ID + 1, "lobby", TS + 1, "smith",
                Optional.empty(), Optional.of("psst"), Optional.empty(), false));
        cases.put(RAGNAROK + "Error-wrong_password.json", new ServerFrame.Error(ErrorCode.WRONG_PASSWORD,
                "wrong password", Optional.of("lobby"), OptionalLong.empty(), List.of()));

        cases.put("Hello.json", new ServerFrame.Hello("Safehouse", List.of(1)));
        cases.put("Joined.json", new ServerFrame.Joined("lobby", "Lobby", "alice", rendered("alice", "bob"), EPOCH,
                List.of(broadcast(ID, "bob", "hi")), true, Optional.empty(), Map.of(), false, true, Role.MEMBER, "",
                ServerFrame.RoomOptions.DEFAULT, Map.of()));
        cases.put("Joined-resumed-with-keys.json", new ServerFrame.Joined("lobby", "Lobby", "alice",
                List.of("carol", "alice"), EPOCH,
                List.of(broadcast(ID, "carol", "one"), broadcast(ID + 1, "alice", "two")), false,
                Optional.of(true), new TreeMap<>(Map.of("carol", CAROL_KEYS, "alice", CAROL_KEYS)), true, false,
                Role.OWNER, "Plans for \"Friday\"\n☕", new ServerFrame.RoomOptions(12, PostPolicy.MODERATORS, false),
                new TreeMap<>(Map.of("alice", Role.OWNER, "carol", Role.MODERATOR))));
        cases.put("Challenge.json", new ServerFrame.Challenge("r", "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho="));
        cases.put("History.json", new ServerFrame.HistoryPage("lobby", EPOCH,
                List.of(broadcast(ID, "alice", "one"), broadcast(ID + 1, "bob", "two")), true));
        cases.put("History-continueAfter.json", new ServerFrame.HistoryPage("lobby", EPOCH, List.of(), true,
                Optional.of(ID)));
        cases.put("Ack.json", new ServerFrame.Ack("lobby", "k3j2", ID, TS));
        cases.put("Left.json", new ServerFrame.Left("lobby"));
        cases.put("PrivateMessage-sender-copy.json", new ServerFrame.PrivateMessage(ID + 1, "lobby", TS + 1, "alice",
                Optional.of("bob"), Optional.of("psst"), Optional.empty(), false));
        cases.put("PrivateMessage-encrypted.json", new ServerFrame.PrivateMessage(ID + 2, "r", TS + 2, "alice",
                Optional.empty(), Optional.empty(), Optional.of(SEALED), false));
        cases.put("PrivateMessage-encrypted-queued.json", new ServerFrame.PrivateMessage(ID + 2, "r", TS + 2, "alice",
                Optional.of("bob"), Optional.empty(), Optional.of(SEALED), true));
        cases.put("Presence.json", new ServerFrame.Presence("lobby", rendered("carol"), List.of("dave"),
                Map.of("carol", CAROL_KEYS)));
        cases.put("Presence-without-keys.json", new ServerFrame.Presence("lobby", List.of("carol", "erin"),
                List.of(), Map.of()));
        cases.put("Rooms.json", new ServerFrame.Rooms(List.of(new ServerFrame.RoomSummary("lobby", "Lobby", 2, false),
                new ServerFrame.RoomSummary("vault", "The vault", 0, true))));
        cases.put("Pong.json", new ServerFrame.Pong(Optional.of("42")));
        cases.put("Pong-without-token.json", new ServerFrame.Pong(Optional.empty()));
        cases.put("Error-name_taken.json", new ServerFrame.Error(ErrorCode.NAME_TAKEN,
                "that nickname is taken in this room", Optional.of("lobby"), OptionalLong.empty(), List.of()));
        cases.put("Error-bad_json.json", ServerFrame.Error.of(ErrorCode.BAD_JSON, "the frame is not valid JSON"));
        cases.put("Error-rate_limited.json", new ServerFrame.Error(ErrorCode.RATE_LIMITED, "slow down",
                Optional.empty(), OptionalLong.of(250), List.of()));
        cases.put("Error-incompatible_version.json", new ServerFrame.Error(ErrorCode.INCOMPATIBLE_VERSION,
                "unsupported protocol version", Optional.of("lobby"), OptionalLong.empty(), List.of(1)));
        cases.put("Error-mailbox_full.json", new ServerFrame.Error(ErrorCode.MAILBOX_FULL,
                "too many private messages are waiting", Optional.of("r"), OptionalLong.empty(), List.of())
                .refusing(Optional.of("k3j2")));
        cases.put("Error-muted.json", new ServerFrame.Error(ErrorCode.MUTED, "you are muted in this room",
                Optional.of("lobby"), OptionalLong.of(540_000), List.of()));
        governance(cases);
        sealed(cases);
        invites(cases);
        return cases;
    }

    /** The frames and fields of sealed rooms. */
    private static void sealed(Map<String, ServerFrame> cases) {
        RoomSeal seal = new RoomSeal("c2FsdHNhbHRzYWx0c2FsdA==", RoomSeal.KDF_ARGON2ID_V1);
        ServerFrame.Broadcast sealedMessage = new ServerFrame.Broadcast(ID + 6, "vault", TS + 6, "alice", "",
                Optional.of(new SealedBody("k3j2", 1, "0123456789abcdef", "aXZpdml2aXZpdml2", "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc=",
                        "c2lnbmVkIGJ5IGFsaWNlIHdpdGggYW4gRWQyNTUxOSBrZXk=")));
        cases.put("SealInfo-sealed.json", new ServerFrame.SealInfo("vault", Optional.of(seal)));
        cases.put("SealInfo-not-sealed.json", new ServerFrame.SealInfo("lobby", Optional.empty()));
        cases.put("Broadcast-sealed.json", sealedMessage);
        cases.put("Joined-sealed.json", new ServerFrame.Joined("vault", "vault", "bob", rendered("alice", "bob"),
                EPOCH, List.of(sealedMessage), false, Optional.empty(), new TreeMap<>(Map.of("alice", CAROL_KEYS,
                "bob", CAROL_KEYS)), true, true, Role.MEMBER, "", ServerFrame.RoomOptions.DEFAULT,
                Map.of("alice", Role.OWNER), Optional.of(seal)));
        cases.put("Settings-sealed.json", new ServerFrame.Settings("vault", "", true, ServerFrame.RoomOptions.DEFAULT,
                "alice", Optional.of(seal)));
        cases.put("Error-sealed_room.json", new ServerFrame.Error(ErrorCode.SEALED_ROOM, "this room is sealed",
                Optional.of("vault"), OptionalLong.empty(), List.of()));
    }

    /** The frames of rooms with owners and moderation. */
    private static void governance(Map<String, ServerFrame> cases) {
        ServerFrame.RoomOptions announcements = new ServerFrame.RoomOptions(12, PostPolicy.MODERATORS, false);
        cases.put("Settings.json", new ServerFrame.Settings("lobby", "Plans for \"Friday\"\n☕", true,
                announcements, "alice"));
        cases.put("Roles.json", new ServerFrame.Roles("lobby",
                new TreeMap<>(Map.of("alice", Role.OWNER, "bob", Role.MODERATOR))));
        cases.put("RoomEvent-kick.json", new ServerFrame.RoomEvent("lobby", ID + 3, TS + 3, RoomEventKind.KICK,
                "alice", Optional.of("mallory"), Optional.of("spam \"again\""), OptionalLong.empty()));
        cases.put("RoomEvent-mute.json", new ServerFrame.RoomEvent("lobby", ID + 4, TS + 4, RoomEventKind.MUTE,
                "Zoë", Optional.of("mallory"), Optional.empty(), OptionalLong.of(TS + 600_004)));
        cases.put("RoomEvent-settings.json", new ServerFrame.RoomEvent("lobby", ID + 5, TS + 5,
                RoomEventKind.SETTINGS, "alice", Optional.empty(), Optional.empty(), OptionalLong.empty()));
        cases.put("Removed-kicked.json", new ServerFrame.Removed("lobby", RemovalReason.KICKED, Optional.of("alice"),
                Optional.of("spam")));
        cases.put("Removed-wiped.json", new ServerFrame.Removed("lobby", RemovalReason.WIPED, Optional.empty(),
                Optional.empty()));
        cases.put("Bans.json", new ServerFrame.Bans("lobby", List.of(
                new ServerFrame.BanSummary("b7", Set.of(BanKind.ADDRESS, BanKind.KEY), "mallory",
                        Optional.of("spam"), "alice", OptionalLong.of(TS + 86_400_000)),
                new ServerFrame.BanSummary("b8", Set.of(BanKind.NICK), "Zoë \"the quick\"", Optional.empty(),
                        "Zoë", OptionalLong.empty()))));
    }

    /** The frames of invites (docs/PROTOCOL.md "Invites"). */
    private static void invites(Map<String, ServerFrame> cases) {
        cases.put("Hello-with-certificate.json", new ServerFrame.Hello("Safehouse", List.of(1), Optional.of(
                "3a7f0c1d2e3f405162738495a6b7c8d9eaf0112233445566778899aabbccddee")));
        cases.put("Invite.json", new ServerFrame.Invite("vault", "5f2c9a01b7e3",
                "q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80", 5, 5, TS + 86_400_000));
        cases.put("Invites.json", new ServerFrame.Invites("vault", List.of(
                new ServerFrame.InviteSummary("5f2c9a01b7e3", "alice", 5, 4, TS + 86_400_000),
                new ServerFrame.InviteSummary("0a1b2c3d4e5f", "Zoë", 1, 1, TS + 3_600_000))));
        cases.put("Error-invite_invalid.json", new ServerFrame.Error(ErrorCode.INVITE_INVALID,
                "this invite is not valid: expired, used up, revoked, or the room's password changed since; ask for "
                        + "a new one", Optional.of("vault"), OptionalLong.empty(), List.of()));
    }

    private static ServerFrame.Broadcast broadcast(long id, String sender, String text) {
        return new ServerFrame.Broadcast(id, "lobby", TS + (id - ID), sender, text);
    }

    /** A member list as the rooms keep it, rendered once. */
    private static RenderedNames rendered(String... names) {
        RenderedNameList list = new RenderedNameList();
        for (String name : names) {
            list.add(name);
        }
        return list.snapshot();
    }
}
