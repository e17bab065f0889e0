package org.safehouse.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
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
                List.of(broadcast(ID, "bob", "hi")), true, Optional.empty(), Map.of(), false, true));
        cases.put("Joined-resumed-with-keys.json", new ServerFrame.Joined("lobby", "Lobby", "alice",
                List.of("carol", "alice"), EPOCH,
                List.of(broadcast(ID, "carol", "one"), broadcast(ID + 1, "alice", "two")), false,
                Optional.of(true), new TreeMap<>(Map.of("carol", CAROL_KEYS, "alice", CAROL_KEYS)), true, false));
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
        return cases;
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
