package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.BanKind;
import org.safehouse.protocol.ErrorCode;

class RoomSanctionsTest {
    private static final long NOW = 1_000_000_000L;
    private final RoomSanctions sanctions = new RoomSanctions(3, 10);

    private static BanEntry ban(String id, Set<BanKind> kinds, String key, String nickKey, String digest,
                                OptionalLong until) {
        return new BanEntry(id, kinds, Optional.ofNullable(key), Optional.ofNullable(nickKey),
                Optional.ofNullable(digest), nickKey, Optional.of("spam"), "alice", NOW, until);
    }

    private static RoomSanctions.Identity who(String key, String nickKey, String digest) {
        return new RoomSanctions.Identity(Optional.ofNullable(key), Optional.ofNullable(nickKey),
                Optional.ofNullable(digest));
    }

    private RoomRules banned(BanEntry entry) throws ChatError {
        return sanctions.ban(RoomRules.DEFAULT, entry, NOW, 0, "Lobby");
    }

    @Test
    void aBanOfAllKindsHoldsANewNicknameWithTheSameKeyAndANewKeyFromTheSameAddressGroup() throws ChatError {
        RoomRules rules = banned(ban("1", Set.of(BanKind.values()), "key-b", "bob", "digest-b", OptionalLong.empty()));
        assertEquals("1", RoomSanctions.banOf(rules, who("key-b", "robert", "digest-x"), NOW).orElseThrow().id());
        assertEquals("1", RoomSanctions.banOf(rules, who("key-new", "robert", "digest-b"), NOW).orElseThrow().id());
        assertEquals("1", RoomSanctions.banOf(rules, who(null, "bob", "digest-x"), NOW).orElseThrow().id());
        assertTrue(RoomSanctions.banOf(rules, who("key-c", "carol", "digest-c"), NOW).isEmpty());
    }

    @Test
    void aBanMatchesOnlyByTheKindsItWasGiven() throws ChatError {
        RoomRules rules = banned(ban("1", Set.of(BanKind.KEY), "key-b", "bob", "digest-b", OptionalLong.empty()));
        assertTrue(RoomSanctions.banOf(rules, who(null, "bob", "digest-b"), NOW).isEmpty(),
                "a key ban lets the same nickname and address in without that key");
        assertTrue(RoomSanctions.banOf(rules, who("key-b", "x", null), NOW).isPresent());
        RoomRules keyless = banned(ban("2", Set.of(BanKind.KEY, BanKind.NICK), null, "bob", null,
                OptionalLong.empty()));
        assertTrue(RoomSanctions.banOf(keyless, who(null, "eve", null), NOW).isEmpty(),
                "a ban kept without a key never matches someone else without a key");
    }

    @Test
    void anEndedBanNoLongerHoldsAndLeavesTheList() throws ChatError {
        RoomRules rules = banned(ban("1", Set.of(BanKind.NICK), null, "bob", null, OptionalLong.of(NOW + 60_000)));
        assertTrue(RoomSanctions.banOf(rules, who(null, "bob", null), NOW + 59_999).isPresent());
        assertTrue(RoomSanctions.banOf(rules, who(null, "bob", null), NOW + 60_000).isEmpty());
        assertEquals(List.of(), RoomSanctions.activeBans(rules, NOW + 60_000));
        RoomRules next = sanctions.ban(rules, ban("2", Set.of(BanKind.NICK), null, "eve", null, OptionalLong.empty()),
                NOW + 60_000, 1, "Lobby");
        assertEquals(List.of("2"), next.bans().stream().map(BanEntry::id).toList(), "ended bans are dropped");
    }

    @Test
    void unbanLiftsOneBanByIdAndSaysWhenThereIsNone() throws ChatError {
        RoomRules rules = banned(ban("1", Set.of(BanKind.NICK), null, "bob", null, OptionalLong.empty()));
        RoomRules lifted = RoomSanctions.unban(rules, "1", NOW).orElseThrow();
        assertTrue(RoomSanctions.banOf(lifted, who(null, "bob", null), NOW).isEmpty());
        assertTrue(RoomSanctions.unban(lifted, "1", NOW).isEmpty());
        assertTrue(RoomSanctions.unban(rules, "nope", NOW).isEmpty());
    }

    @Test
    void bansBeyondTheRoomOrServerBudgetAreRefused() throws ChatError {
        RoomRules rules = RoomRules.DEFAULT;
        for (int i = 0; i < 3; i++) {
            rules = sanctions.ban(rules, ban("b" + i, Set.of(BanKind.NICK), null, "n" + i, null,
                    OptionalLong.empty()), NOW, i, "Lobby");
        }
        RoomRules full = rules;
        ChatError perRoom = assertThrows(ChatError.class, () -> sanctions.ban(full, ban("x", Set.of(BanKind.NICK),
                null, "x", null, OptionalLong.empty()), NOW, 3, "Lobby"));
        assertEquals(ErrorCode.NOT_ALLOWED, perRoom.code());
        assertTrue(perRoom.getMessage().contains("max_bans_per_room"));
        ChatError total = assertThrows(ChatError.class, () -> sanctions.ban(RoomRules.DEFAULT,
                ban("x", Set.of(BanKind.NICK), null, "x", null, OptionalLong.empty()), NOW, 10, "Lobby"));
        assertEquals(ErrorCode.NOT_ALLOWED, total.code());
        assertTrue(total.getMessage().contains("max_bans_total"));
        RoomRules oneLifted = RoomSanctions.unban(full, "b0", NOW).orElseThrow();
        assertEquals(3, sanctions.ban(oneLifted, ban("x", Set.of(BanKind.NICK), null, "x", null,
                OptionalLong.empty()), NOW, 2, "Lobby").bans().size(), "lifting one makes room again");
    }

    @Test
    void aMuteHoldsByKeyUnderANewNicknameAndByNicknameUntilItEnds() throws ChatError {
        RoomRules rules = sanctions.mute(RoomRules.DEFAULT, new MuteEntry(Optional.of("key-b"), "bob", NOW + 60_000,
                "alice"), NOW, "Lobby");
        assertTrue(RoomSanctions.muteOf(rules, Optional.of("key-b"), "robert", NOW).isPresent());
        assertTrue(RoomSanctions.muteOf(rules, Optional.empty(), "bob", NOW).isPresent());
        assertTrue(RoomSanctions.muteOf(rules, Optional.of("key-c"), "carol", NOW).isEmpty());
        assertTrue(RoomSanctions.muteOf(rules, Optional.of("key-b"), "bob", NOW + 60_000).isEmpty());
    }

    @Test
    void mutingAgainSetsANewEndAndUnmuteLiftsIt() throws ChatError {
        RoomRules rules = sanctions.mute(RoomRules.DEFAULT, new MuteEntry(Optional.empty(), "bob", NOW + 60_000,
                "alice"), NOW, "Lobby");
        rules = sanctions.mute(rules, new MuteEntry(Optional.empty(), "bob", NOW + 120_000, "alice"), NOW, "Lobby");
        assertEquals(1, rules.mutes().size());
        assertEquals(NOW + 120_000, RoomSanctions.muteOf(rules, Optional.empty(), "bob", NOW).orElseThrow().untilMs());
        RoomRules lifted = RoomSanctions.unmute(rules, Optional.empty(), "bob", NOW).orElseThrow();
        assertTrue(RoomSanctions.muteOf(lifted, Optional.empty(), "bob", NOW).isEmpty());
        assertTrue(RoomSanctions.unmute(lifted, Optional.empty(), "bob", NOW).isEmpty());
    }

    @Test
    void mutesBeyondTheRoomBudgetAreRefused() throws ChatError {
        RoomRules rules = RoomRules.DEFAULT;
        for (int i = 0; i < 3; i++) {
            rules = sanctions.mute(rules, new MuteEntry(Optional.empty(), "n" + i, NOW + 60_000, "alice"), NOW,
                    "Lobby");
        }
        RoomRules full = rules;
        ChatError refused = assertThrows(ChatError.class, () -> sanctions.mute(full,
                new MuteEntry(Optional.empty(), "x", NOW + 60_000, "alice"), NOW, "Lobby"));
        assertEquals(ErrorCode.NOT_ALLOWED, refused.code());
        assertEquals(1, sanctions.mute(full, new MuteEntry(Optional.empty(), "x", NOW + 120_000, "alice"),
                NOW + 60_000, "Lobby").mutes().size(), "ended mutes make room, and are dropped");
    }
}
