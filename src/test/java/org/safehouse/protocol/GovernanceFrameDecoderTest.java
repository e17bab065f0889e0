package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The frames that run a room are refused, with the code docs/PROTOCOL.md gives, when a field has the wrong type or is
 * out of its range; the refusal names the room but never quotes a value; secrets never show in a frame's toString.
 * (Their well-formed shapes are the golden files.)
 */
class GovernanceFrameDecoderTest {
    private final JsonCodec codec = new JsonCodec();

    private ProtocolException refused(ErrorCode code, String singleQuoted) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> decode(singleQuoted), singleQuoted);
        assertEquals(code, e.code(), () -> singleQuoted + " -> " + e.getMessage());
        return e;
    }

    private ClientFrame decode(String singleQuoted) throws ProtocolException {
        return codec.decode(singleQuoted.replace('\'', '"'));
    }

    @Test
    void roomSettingsRefusesValuesOutOfRangeAndChangingNothing() {
        ProtocolException e = refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'lobby'}");
        assertEquals(Optional.of("lobby"), e.room());
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','topic':'x'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','maxMembers':-1}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','maxMembers':10000001}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','maxMembers':1.5}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','maxMembers':'5'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','postPolicy':'owners'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','historyForNewcomers':'yes'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','password':7}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'RoomSettings','room':'r','password':'" + "é".repeat(513) + "'}");
    }

    @Test
    void roomSettingsTopicFollowsTheTextRulesOfABroadcast() throws ProtocolException {
        refused(ErrorCode.TEXT_TOO_LONG, "{'msgType':'RoomSettings','room':'r','topic':'" + "x".repeat(301) + "'}");
        refused(ErrorCode.BAD_TEXT, "{'msgType':'RoomSettings','room':'r','topic':'bell\\u0007'}");
        refused(ErrorCode.BAD_TEXT, "{'msgType':'RoomSettings','room':'r','topic':'half \\ud83d'}");
        String emoji = "😀".repeat(300); // 300 characters, 600 UTF-16 units
        assertEquals(Optional.of(emoji), ((ClientFrame.RoomSettings) decode(
                "{'msgType':'RoomSettings','room':'r','topic':'" + emoji + "'}")).topic());
    }

    @Test
    void roomSettingsWithAnEmptyPasswordOrTopicRemovesThem() throws ProtocolException {
        assertEquals(new ClientFrame.RoomSettings("r", Optional.of(""), Optional.of(""), OptionalInt.of(0),
                Optional.of(PostPolicy.EVERYONE), Optional.of(true)), decode("{'msgType':'RoomSettings','room':'r',"
                + "'topic':'','password':'','maxMembers':0,'postPolicy':'everyone','historyForNewcomers':true}"));
        assertEquals(new ClientFrame.RoomSettings("r", Optional.empty(), Optional.empty(), OptionalInt.of(10_000_000),
                Optional.empty(), Optional.empty()), decode("{'msgType':'RoomSettings','room':'r','topic':null,"
                + "'maxMembers':10000000}"));
    }

    @Test
    void setRoleGrantsOnlyModeratorOrMember() {
        refused(ErrorCode.BAD_FIELD, "{'msgType':'SetRole','room':'r','nick':'bob','role':'owner'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'SetRole','room':'r','nick':'bob','role':'admin'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'SetRole','room':'r','nick':'bob'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'SetRole','room':'r','role':'member'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'TransferOwnership','room':'r','nick':5}");
    }

    @Test
    void kickAndBanReasonsFollowTheTextRules() {
        refused(ErrorCode.TEXT_TOO_LONG, "{'msgType':'Kick','room':'r','nick':'m','reason':'" + "x".repeat(201)
                + "'}");
        refused(ErrorCode.BAD_TEXT, "{'msgType':'Ban','room':'r','nick':'m','reason':'\\u001b[31m'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Kick','room':'r','reason':'spam'}");
    }

    @Test
    void banKindsAreDistinctKnownAndNotEmpty() throws ProtocolException {
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','kinds':[]}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','kinds':['ip']}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','kinds':['key','key']}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','kinds':[1]}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','kinds':'key'}");
        assertEquals(new ClientFrame.Ban("r", "m", Set.of(BanKind.NICK), Optional.empty(), OptionalLong.empty()),
                decode("{'msgType':'Ban','room':'r','nick':'m','kinds':['nick'],'kinds2':1}"));
    }

    @Test
    void bansAndMutesLastFromAMinuteToAYear() throws ProtocolException {
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','durationMs':59999}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Ban','room':'r','nick':'m','durationMs':31536000001}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Mute','room':'r','nick':'m','durationMs':59999}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Mute','room':'r','nick':'m','durationMs':1e99999}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Mute','room':'r','nick':'m','durationMs':'600000'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Mute','room':'r','nick':'m'}");
        assertEquals(new ClientFrame.Mute("r", "m", 31_536_000_000L),
                decode("{'msgType':'Mute','room':'r','nick':'m','durationMs':31536000000}"));
        assertEquals(new ClientFrame.Ban("r", "m", Set.of(BanKind.values()), Optional.empty(),
                OptionalLong.of(60_000)), decode("{'msgType':'Ban','room':'r','nick':'m','durationMs':60000}"));
    }

    @Test
    void unbanNeedsABanIdOfATokensLength() {
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Unban','room':'r'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Unban','room':'r','banId':''}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Unban','room':'r','banId':'" + "b".repeat(65) + "'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'ListBans'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Unmute','room':'r'}");
    }

    @Test
    void deleteAndWipeNeedTheirConfirmationAndWipeANewPassword() {
        refused(ErrorCode.BAD_FIELD, "{'msgType':'DeleteRoom','room':'r'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'WipeRoom','room':'r','newPassword':'12345678'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'WipeRoom','room':'r','confirm':'r'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'WipeRoom','room':'r','confirm':'r','newPassword':''}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'WipeRoom','room':'r','confirm':'r','newPassword':'1234567'}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'WipeRoom','room':'r','confirm':'r','newPassword':'"
                + "x".repeat(1025) + "'}");
    }

    @Test
    void aWipesSaltIsBase64OfSixteenBytesWhenGiven() throws ProtocolException {
        String wipe = "{'msgType':'WipeRoom','room':'r','confirm':'r','newPassword':'a new password'";
        assertEquals(Optional.empty(), ((ClientFrame.WipeRoom) decode(wipe + "}")).salt());
        assertEquals(Optional.of("bmV3IHNhbHQgMTYgYnl0ZQ=="),
                ((ClientFrame.WipeRoom) decode(wipe + ",'salt':'bmV3IHNhbHQgMTYgYnl0ZQ=='}")).salt());
        refused(ErrorCode.BAD_FIELD, wipe + ",'salt':'c2hvcnQ='}"); // 5 bytes
        refused(ErrorCode.BAD_FIELD, wipe + ",'salt':'not base64 at all!'}");
        refused(ErrorCode.BAD_FIELD, wipe + ",'salt':16}");
        refused(ErrorCode.BAD_FIELD, wipe + ",'salt':'" + "A".repeat(44) + "'}");
        String shown = decode(wipe + ",'salt':'bmV3IHNhbHQgMTYgYnl0ZQ=='}").toString();
        assertFalse(shown.contains("a new password"), shown);
    }

    @Test
    void ownerPasswordIsBoundedAndAnEmptyOneIsNone() throws ProtocolException {
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Join','version':1,'room':'r','nick':'a','ownerPassword':true}");
        refused(ErrorCode.BAD_FIELD, "{'msgType':'Join','version':1,'room':'r','nick':'a','ownerPassword':'"
                + "x".repeat(1025) + "'}");
        ClientFrame.Join join = (ClientFrame.Join) decode(
                "{'msgType':'Join','version':1,'room':'r','nick':'a','ownerPassword':''}");
        assertEquals(Optional.empty(), join.ownerPassword());
        assertEquals(Optional.of("x".repeat(1024)), ((ClientFrame.Join) decode(
                "{'msgType':'Join','version':1,'room':'r','nick':'a','ownerPassword':'" + "x".repeat(1024) + "'}"))
                .ownerPassword());
    }

    @Test
    void aRefusalNeverQuotesTheValue() {
        ProtocolException e = refused(ErrorCode.BAD_FIELD,
                "{'msgType':'SetRole','room':'r','nick':'bob','role':'sekrit-role'}");
        assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
        e = refused(ErrorCode.BAD_TEXT, "{'msgType':'Kick','room':'r','nick':'m','reason':'sekrit\\u0000'}");
        assertFalse(e.getMessage().contains("sekrit"), e.getMessage());
    }

    @Test
    void secretsNeverShowInToString() throws ProtocolException {
        String[] frames = {
            "{'msgType':'Join','version':1,'room':'r','nick':'a','password':'pw-sekrit','ownerPassword':'own-sekrit'}",
            "{'msgType':'RoomSettings','room':'r','password':'pw-sekrit'}",
            "{'msgType':'WipeRoom','room':'r','confirm':'r','newPassword':'new-sekrit'}",
        };
        for (String frame : frames) {
            String shown = decode(frame).toString();
            assertFalse(shown.contains("sekrit"), shown);
            assertTrue(shown.contains("<hidden>"), shown);
        }
    }
}
