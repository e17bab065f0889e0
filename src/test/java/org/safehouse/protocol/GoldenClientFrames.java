package org.safehouse.protocol;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The record each golden client frame file decodes to, by its name under golden/client. Files under
 * {@code ragnarok/} are in the shape Ragnarok's clients send: no {@code room}, and the {@code SrcUser} and
 * {@code Users} fields the server ignores.
 */
final class GoldenClientFrames {
    private static final long ID = 7260913021018112L;
    private static final PublicKeys KEYS = new PublicKeys("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEagree",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEsign", "ECDSA-P256-SHA256");

    private GoldenClientFrames() {
    }

    static Map<String, ClientFrame> cases() {
        Map<String, ClientFrame> cases = new LinkedHashMap<>();
        cases.put("Join.json", new ClientFrame.Join(1, "lobby", "alice", Optional.of("pw"), Optional.empty(),
                Optional.empty(), Optional.empty(), false));
        cases.put("Join-without-password.json", new ClientFrame.Join(1, "lobby", "alice", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false));
        cases.put("Join-with-keys.json", new ClientFrame.Join(1, "r", "alice", Optional.of("pw"), Optional.empty(),
                Optional.empty(), Optional.of(KEYS), true));
        cases.put("Join-with-identity.json", new ClientFrame.Join(1, "r", "carol", Optional.of("pw"), Optional.empty(),
                Optional.empty(), Optional.of(new PublicKeys("MCowBQYDK2VuAyEAagree", "MCowBQYDK2VwAyEAsign", "Ed25519",
                        Optional.of(GoldenServerFrames.CAROL_IDENTITY))), true));
        cases.put("Join-resume-with-keys.json", new ClientFrame.Join(1, "r", "alice", Optional.of("pw"),
                Optional.of(ID), Optional.of("c0ffee00c0ffee00"), Optional.of(KEYS), true));
        cases.put("Prove.json", new ClientFrame.Prove("r", "c2lnbmVkIGNoYWxsZW5nZQ=="));
        cases.put("Leave.json", new ClientFrame.Leave("lobby"));
        cases.put("Broadcast.json", new ClientFrame.Broadcast(Optional.of("lobby"), "hi \"you\"\n\t中文 😀 a\\b",
                Optional.of("k3j2")));
        cases.put("History.json", new ClientFrame.History("lobby", Optional.of(ID), Optional.empty(), 50));
        cases.put("History-after.json", new ClientFrame.History("lobby", Optional.empty(), Optional.of(ID),
                JsonCodec.MAX_PAGE));
        cases.put("History-newest.json", new ClientFrame.History("lobby", Optional.empty(), Optional.empty(),
                JsonCodec.MAX_PAGE));
        cases.put("PrivateMessage.json", new ClientFrame.PrivateMessage(Optional.of("lobby"), "bob",
                Optional.of("psst"), Optional.empty()));
        cases.put("PrivateMessage-encrypted.json", new ClientFrame.PrivateMessage(Optional.of("r"), "bob",
                Optional.empty(), Optional.of(new EncryptedBody("k3j2", "c2VhbGVk", "aXZpdml2aXZpdml2", 7,
                        "c2lnbmVk"))));
        cases.put("PrivateMessage-to-device.json", new ClientFrame.PrivateMessage(Optional.of("r"), "carol",
                Optional.empty(), Optional.of(new EncryptedBody("k3j2", "c2VhbGVk", "aXZpdml2aXZpdml2", 7,
                        "c2lnbmVk")), Optional.of("3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f3a1f")));
        cases.put("ListRooms.json", new ClientFrame.ListRooms());
        cases.put("Ping.json", new ClientFrame.Ping(Optional.of("42")));
        cases.put("Ping-without-token.json", new ClientFrame.Ping(Optional.empty()));
        cases.put("Join-with-ownerPassword.json", new ClientFrame.Join(1, "vault", "alice", Optional.of("pw"),
                Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.of("owner secret")));
        cases.put("RoomSettings.json", new ClientFrame.RoomSettings("lobby", Optional.of("Plans for \"Friday\" ☕"),
                Optional.of("new pw"), OptionalInt.of(12), Optional.of(PostPolicy.MODERATORS), Optional.of(false)));
        cases.put("RoomSettings-topic.json", new ClientFrame.RoomSettings("lobby", Optional.of("Friday"),
                Optional.empty(), OptionalInt.empty(), Optional.empty(), Optional.empty()));
        cases.put("SetRole.json", new ClientFrame.SetRole("lobby", "bob", Role.MODERATOR));
        cases.put("TransferOwnership.json", new ClientFrame.TransferOwnership("lobby", "bob"));
        cases.put("Kick.json", new ClientFrame.Kick("lobby", "mallory", Optional.of("spam")));
        cases.put("Ban.json", new ClientFrame.Ban("lobby", "mallory", Set.of(BanKind.KEY, BanKind.ADDRESS),
                Optional.of("spam"), OptionalLong.of(86_400_000)));
        cases.put("Ban-all-kinds-for-ever.json", new ClientFrame.Ban("lobby", "mallory", Set.of(BanKind.values()),
                Optional.empty(), OptionalLong.empty()));
        cases.put("Unban.json", new ClientFrame.Unban("lobby", "b7"));
        cases.put("ListBans.json", new ClientFrame.ListBans("lobby"));
        cases.put("Mute.json", new ClientFrame.Mute("lobby", "mallory", 600_000));
        cases.put("Unmute.json", new ClientFrame.Unmute("lobby", "mallory"));
        cases.put("DeleteRoom.json", new ClientFrame.DeleteRoom("lobby", "lobby"));
        cases.put("WipeRoom.json", new ClientFrame.WipeRoom("lobby", "lobby", "correct horse battery"));
        cases.put("WipeRoom-sealed.json", new ClientFrame.WipeRoom("vault", "vault",
                "q1gXn2bHcJ8d7Tw0PZk3l9rVx5Yb6sNfMe4aUiOtGhA", Optional.of("bmV3IHNhbHQgMTYgYnl0ZQ==")));
        cases.put("Join-with-invite.json", new ClientFrame.Join(1, "vault", "bob", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(KEYS), false, Optional.empty(),
                Optional.of("q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80"), true, Optional.empty()));
        cases.put("CreateInvite.json", new ClientFrame.CreateInvite("vault", 5, 86_400_000));
        cases.put("ListInvites.json", new ClientFrame.ListInvites("vault"));
        cases.put("RevokeInvite.json", new ClientFrame.RevokeInvite("vault", "5f2c9a01b7e3"));
        cases.put("ragnarok/Broadcast.json", new ClientFrame.Broadcast(Optional.empty(), "hello", Optional.empty()));
        cases.put("ragnarok/PrivateMessage.json", new ClientFrame.PrivateMessage(Optional.empty(), "smith",
                Optional.of("psst"), Optional.empty()));
        sealed(cases);
        return cases;
    }

    /** The frames and fields of sealed rooms. */
    private static void sealed(Map<String, ClientFrame> cases) {
        String verifier = "q1gXn2bHcJ8d7Tw0PZk3l9rVx5Yb6sNfMe4aUiOtGhA";
        cases.put("SealInfo.json", new ClientFrame.SealInfo("vault"));
        cases.put("Join-sealed-create.json", new ClientFrame.Join(1, "vault", "alice", Optional.of(verifier),
                Optional.empty(), Optional.empty(), Optional.of(KEYS), true, Optional.empty(), Optional.empty(), true,
                Optional.of(new RoomSeal("c2FsdHNhbHRzYWx0c2FsdA==", "argon2id-v1"))));
        cases.put("Join-sealed.json", new ClientFrame.Join(1, "vault", "bob", Optional.of(verifier),
                Optional.empty(), Optional.empty(), Optional.of(KEYS), true, Optional.empty(), Optional.empty(), true,
                Optional.empty()));
        cases.put("Broadcast-sealed.json", new ClientFrame.Broadcast(Optional.of("vault"), "", Optional.of("k3j2"),
                Optional.of(new SealedBody("k3j2", 1, "0123456789abcdef", "aXZpdml2aXZpdml2", "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc=",
                        "c2lnbmVkIGJ5IGFsaWNlIHdpdGggYW4gRWQyNTUxOSBrZXk="))));
        cases.put("RoomSettings-sealed-password.json", new ClientFrame.RoomSettings("vault", Optional.empty(),
                Optional.of(verifier), OptionalInt.empty(), Optional.empty(), Optional.empty(),
                Optional.of("bmV3IHNhbHQgMTYgYnl0ZQ==")));
    }
}
