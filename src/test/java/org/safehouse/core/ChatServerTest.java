package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertFrame;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;

/** The chat rules without any server: recording fake connections, whole frame values asserted. */
class ChatServerTest {
    static final long START = ChatHarness.START;
    ChatHarness harness = ChatHarness.start("{}");
    MutableClock clock = harness.clock();
    ChatServer server = harness.server();

    /** Replaces the core with one of this configuration (on a clock of its own, at START). */
    void server(String json) {
        harness = ChatHarness.start(json);
        clock = harness.clock();
        server = harness.server();
    }

    /** Opens a modern connection, joins, and drops the greeting frames. */
    FakeClient joined(String room, String nick) {
        return harness.joined(room, nick);
    }

    FakeClient open(String address) {
        return harness.open(address);
    }

    @Test
    void modernConnectionIsGreetedAndJoinAnswersWithTheMemberList() {
        FakeClient alice = open("10.0.0.1");
        assertEquals(List.of("{\"msgType\":\"Hello\",\"server\":\"Safehouse\",\"versions\":[1]}"), alice.take());
        alice.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"alice\",\"password\":null}");
        List<String> joined = alice.take();
        assertEquals(1, joined.size());
        assertTrue(joined.get(0).matches("\\{\"msgType\":\"Joined\",\"room\":\"lobby\",\"title\":\"Safehouse\","
                + "\"nick\":\"alice\",\"users\":\\[\"alice\"],\"epoch\":\"[0-9a-f]{16}\",\"history\":\\[],"
                + "\"hasMore\":false,\"keys\":\\{},\"requireEncryption\":false,\"password\":false,\"role\":\"member\","
                + "\"topic\":\"\",\"settings\":\\{\"maxMembers\":0,\"postPolicy\":\"everyone\","
                + "\"historyForNewcomers\":true},\"roles\":\\{}}"), joined.get(0));
        FakeClient bob = joined("lobby", "bob");
        assertEquals(List.of("alice", "bob"), server.members("lobby"));
        assertEquals(List.of(), bob.take());
    }

    @Test
    void broadcastReachesEveryMemberWithServerAssignedSenderIdAndTime() {
        FakeClient alice = joined("lobby", "alice");
        FakeClient bob = joined("lobby", "bob");
        FakeClient carol = joined("elsewhere", "carol");
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"hi <b>all</b>\",\"SrcUser\":\"mallory\"}");
        String expectedPrefix = "{\"msgType\":\"Broadcast\",\"id\":\"";
        String toAlice = alice.take().get(0);
        String toBob = bob.take().get(0);
        assertEquals(toAlice, toBob, "one encoding for every recipient");
        assertTrue(toAlice.startsWith(expectedPrefix));
        assertTrue(toAlice.endsWith("\",\"room\":\"lobby\",\"ts\":" + START
                + ",\"SrcUser\":\"alice\",\"text\":\"hi <b>all</b>\"}"), toAlice);
        long id = Long.parseLong(toAlice.substring(expectedPrefix.length(), toAlice.indexOf('"', expectedPrefix.length())));
        assertEquals(START, Snowflakes.timestampOf(id));
        assertEquals(List.of(), carol.take());
    }

    @Test
    void privateMessageReachesOnlyItsTargetAndTheSenderGetsACopyWithTarget() {
        FakeClient alice = joined("lobby", "alice");
        FakeClient bob = joined("lobby", "bob");
        FakeClient carol = joined("lobby", "carol");
        alice.send("{\"msgType\":\"PrivateMessage\",\"room\":\"lobby\",\"TgtUser\":\"BOB\",\"text\":\"psst\"}");
        JsonObject atBob = bob.only();
        assertEquals("PrivateMessage", atBob.getString("msgType"));
        assertEquals("alice", atBob.getString("SrcUser"));
        assertEquals("psst", atBob.getString("text"));
        assertFalse(atBob.containsKey("TgtUser"));
        JsonObject copy = alice.only();
        assertEquals("bob", copy.getString("TgtUser"));
        assertEquals(atBob.getString("id"), copy.getString("id"));
        assertEquals(List.of(), carol.take());
    }

    @Test
    void recoverableErrorsAnswerWithStableCodesAndKeepTheConnection() {
        FakeClient alice = joined("lobby", "alice");
        assertError(alice, "not json", "bad_json");
        assertError(alice, "[1,2]", "bad_json");
        assertError(alice, "{\"msgType\":\"Dance\"}", "unknown_type");
        assertError(alice, "{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":5}", "bad_field");
        assertError(alice, "{\"msgType\":\"Broadcast\",\"text\":\"x\"}", "bad_field");
        assertError(alice, "{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"" + "x".repeat(4097) + "\"}",
                "text_too_long");
        assertError(alice, "{\"msgType\":\"Broadcast\",\"room\":\"other\",\"text\":\"x\"}", "not_in_room");
        assertError(alice, "{\"msgType\":\"PrivateMessage\",\"room\":\"lobby\",\"TgtUser\":\"nobody\",\"text\":\"x\"}",
                "unknown_recipient");
        assertError(alice, "{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"al\"}", "already_joined");
        assertError(alice, "{\"msgType\":\"Join\",\"version\":2,\"room\":\"x\",\"nick\":\"al\"}", "incompatible_version");
        assertNull(alice.connection().closedWith());
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"still here\"}");
        assertEquals("still here", alice.only().getString("text"));
    }

    @Test
    void textLimitCountsCodePointsNotUtf16Units() {
        FakeClient alice = joined("lobby", "alice");
        String emoji = "\uD83D\uDE00".repeat(4096); // 4096 code points, 8192 chars
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"" + emoji + "\"}");
        assertEquals("Broadcast", alice.only().getString("msgType"));
    }

    @Test
    void incompatibleVersionListsTheSupportedOnes() {
        FakeClient alice = open("10.0.0.1");
        alice.take();
        alice.send("{\"msgType\":\"Join\",\"version\":7,\"room\":\"lobby\",\"nick\":\"alice\"}");
        assertEquals("{\"msgType\":\"Error\",\"code\":\"incompatible_version\",\"text\":\"unsupported protocol version\","
                + "\"room\":\"lobby\",\"versions\":[1]}", alice.take().get(0));
    }

    @Test
    void nicknamesAreUniqueIgnoringCaseAndNormalization() {
        joined("lobby", "Zoé"); // precomposed é
        FakeClient other = open("10.0.0.2");
        other.take();
        other.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"zoe\u0301\"}");
        JsonObject error = other.only();
        assertEquals("name_taken", error.getString("code"));
        assertEquals("lobby", error.getString("room"));
    }

    @Test
    void invisibleAndBidiTricksAreRefusedInNicknames() {
        FakeClient client = open("10.0.0.1");
        client.take();
        for (String nick : List.of("", "   ", "a\u202Eb", "a\u200Bb", "\u2066x", "a\u0000", "x".repeat(33), "\u3164")) {
            client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"" + escape(nick) + "\"}");
            assertEquals("bad_nickname", client.only().getString("code"), () -> "nick " + escape(nick));
        }
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"  Ünïcødé 名前  \"}");
        assertEquals("Ünïcødé 名前", client.only().getString("nick"));
    }

    @Test
    void presenceIsCoalescedIntoOneDeltaPerIntervalAndIsExact() {
        FakeClient alice = joined("lobby", "alice");
        harness.tick();
        alice.take();
        clock.advance(1000);
        FakeClient bob = joined("lobby", "bob");
        FakeClient carol = joined("lobby", "carol");
        FakeClient dave = joined("lobby", "dave");
        dave.close(); // joined and left within one interval
        harness.tick();
        JsonObject delta = alice.only();
        assertEquals("{\"msgType\":\"Presence\",\"room\":\"lobby\",\"joined\":[\"bob\",\"carol\"],\"left\":[\"dave\"]}",
                delta.toString());
        // bob's Joined list already had bob; applying the delta as set operations yields the exact list
        assertEquals(1, bob.take().size());
        harness.tick();
        assertEquals(List.of(), alice.take(), "nothing new, nothing sent");
        carol.close();
        harness.tick();
        assertEquals(List.of(), alice.take(), "within the interval: held back");
        harness.tickAfter(250);
        assertEquals("{\"msgType\":\"Presence\",\"room\":\"lobby\",\"joined\":[],\"left\":[\"carol\"]}",
                alice.only().toString());
    }

    @Test
    void manyJoinsCostEachMemberOnePresenceFrameNotOneListPerJoin() {
        FakeClient first = joined("lobby", "first");
        harness.tick();
        first.take();
        clock.advance(1000);
        for (int i = 0; i < 200; i++) {
            joined("lobby", "user" + i);
        }
        harness.tick();
        List<JsonObject> frames = first.connection().takeJson();
        assertEquals(1, frames.size());
        assertEquals(200, frames.get(0).getJsonArray("joined").size());
    }

    @Test
    void ragnarokClientJoinsWithPasswordThenNameFramesAndTalksWithoutRoom() {
        server("{\"server_name\":\"Ks\",\"server_password\":\"963\"}");
        FakeClient old = harness.ragnarok("10.0.0.9", "963", "john");
        assertEquals(List.of("{\"ServerName\":\"Ks\"}",
                "{\"msgType\":\"OnlineUsers\",\"room\":\"lobby\",\"Users\":[\"john\"]}"), old.take());
        FakeClient modern = open("10.0.0.3");
        modern.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"smith\",\"password\":\"963\"}");
        modern.take();
        harness.tickAfter(1000);
        assertEquals("{\"msgType\":\"OnlineUsers\",\"room\":\"lobby\",\"Users\":[\"john\",\"smith\"]}",
                old.take().get(0));
        old.send("{\"msgType\":\"Broadcast\",\"SrcUser\":\"smith\",\"TgtUser\":\"\",\"text\":\"hello\",\"Users\":[]}");
        assertEquals("john", old.only().getString("SrcUser"));
        assertEquals("hello", modern.connection().takeJson().stream()
                .filter(f -> "Broadcast".equals(f.getString("msgType"))).findFirst().orElseThrow().getString("text"));
        old.send("{\"msgType\":\"PrivateMessage\",\"TgtUser\":\"smith\",\"text\":\"psst\"}");
        assertEquals(List.of(), old.take(), "Ragnarok senders get no copy");
        JsonObject pm = modern.only();
        assertEquals("john", pm.getString("SrcUser"));
        assertFalse(pm.containsKey("TgtUser"));
    }

    @Test
    void ragnarokWrongPasswordIsAnsweredThenClosed() {
        server("{\"server_password\":\"963\"}");
        FakeClient old = harness.open("10.0.0.9", true);
        old.send("964");
        assertEquals("wrong_password", old.takeJson().get(0).getString("code"));
        assertEquals(CloseCode.LEGACY_AUTH_FAILED, old.closedWith());
    }

    @Test
    void ragnarokPublicRoomAcceptsAnyPasswordAndRefusesATakenName() {
        joined("lobby", "john");
        FakeClient old = harness.ragnarok("10.0.0.9", "whatever", "JOHN");
        assertEquals("name_taken", old.takeJson().get(0).getString("code"));
        assertEquals(CloseCode.LEGACY_NAME_REFUSED, old.closedWith());
    }

    @Test
    void wrongPasswordsAreThrottledBeforeAnyHashing() {
        server("{\"rooms\":[{\"name\":\"vault\",\"password\":\"right horse\"}],"
                + "\"limits\":{\"wrong_password_burst_per_address\":2,\"wrong_passwords_per_minute_per_address\":6}}");
        FakeClient client = open("10.0.0.1");
        client.take();
        String wrong = "{\"msgType\":\"Join\",\"version\":1,\"room\":\"vault\",\"nick\":\"eve\",\"password\":\"guess\"}";
        client.send(wrong);
        assertEquals("wrong_password", client.only().getString("code"));
        client.send(wrong);
        assertEquals("wrong_password", client.only().getString("code"));
        client.send(wrong.replace("guess", "right horse"));
        JsonObject throttled = client.only();
        assertEquals("throttled", throttled.getString("code"));
        assertEquals(10_000, throttled.getJsonNumber("retryAfterMs").longValue());
        clock.advance(10_000);
        client.send(wrong.replace("guess", "right horse"));
        assertEquals("Joined", client.only().getString("msgType"));
        FakeClient other = open("10.0.0.2");
        other.take();
        other.send(wrong.replace("eve", "bob"));
        assertEquals("wrong_password", other.only().getString("code"), "another address is not throttled");
    }

    @Test
    void aRefusedRoomMessageIsNamedByItsClientMsgId() {
        server("{\"limits\":{\"max_text_chars\":5}}");
        FakeClient alice = joined("lobby", "alice");
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"far too long\",\"clientMsgId\":\"c-7\"}");
        assertFrame("{'msgType':'Error','code':'text_too_long','text':'text is longer than 5 characters','room':'lobby',"
                + "'clientMsgId':'c-7'}", alice.only());
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"nowhere\",\"text\":\"hi\",\"clientMsgId\":\"c-8\"}");
        assertEquals("c-8", alice.only().getString("clientMsgId"), "not_in_room names it too");
        alice.send("{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"far too long\"}");
        assertFalse(alice.only().containsKey("clientMsgId"), "a message without one gets an Error without one");
    }

    @Test
    void joiningAnUnknownRoomCreatesItWithThatPasswordUntilItsLastMemberLeaves() {
        FakeClient owner = open("10.0.0.1");
        owner.take();
        owner.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"attic\",\"nick\":\"ann\",\"password\":\"s3cret\"}");
        assertEquals("Joined", owner.only().getString("msgType"));
        FakeClient guest = open("10.0.0.2");
        guest.take();
        guest.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"Attic\",\"nick\":\"gus\",\"password\":\"nope\"}");
        assertEquals("wrong_password", guest.only().getString("code"));
        owner.send("{\"msgType\":\"Leave\",\"room\":\"attic\"}");
        assertEquals("{\"msgType\":\"Left\",\"room\":\"attic\"}", owner.only().toString());
        guest.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"Attic\",\"nick\":\"gus\",\"password\":\"nope\"}");
        assertEquals("Joined", guest.only().getString("msgType"), "the room was gone; gus created a new one");
    }

    @Test
    void roomCreationCanBeSwitchedOffAndRoomsFillUp() {
        server("{\"allow_room_creation\":false,\"rooms\":[{\"name\":\"tiny\",\"max_members\":1}]}");
        joined("tiny", "one");
        FakeClient two = open("10.0.0.2");
        two.take();
        two.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"tiny\",\"nick\":\"two\"}");
        assertEquals("room_full", two.only().getString("code"));
        two.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"nowhere\",\"nick\":\"two\"}");
        assertEquals("no_such_room", two.only().getString("code"));
        two.send("{\"msgType\":\"ListRooms\"}");
        assertEquals("{\"msgType\":\"Rooms\",\"rooms\":[{\"name\":\"lobby\",\"title\":\"Safehouse\",\"members\":0,"
                + "\"password\":false},{\"name\":\"tiny\",\"title\":\"tiny\",\"members\":1,\"password\":false}]}",
                two.only().toString());
    }

    @Test
    void aConnectionMayBeInSeveralRoomsUpToTheLimit() {
        server("{\"limits\":{\"max_rooms_per_connection\":2}}");
        FakeClient client = open("10.0.0.1");
        client.take();
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"a\",\"nick\":\"x\"}");
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"b\",\"nick\":\"y\"}");
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"c\",\"nick\":\"z\"}");
        List<JsonObject> frames = client.connection().takeJson();
        assertEquals("Joined", frames.get(0).getString("msgType"));
        assertEquals("Joined", frames.get(1).getString("msgType"));
        assertEquals("too_many_rooms", frames.get(2).getString("code"));
        FakeClient listener = joined("b", "listener");
        client.send("{\"msgType\":\"Broadcast\",\"room\":\"b\",\"text\":\"in b\"}");
        assertEquals("y", listener.only().getString("SrcUser"), "the nickname of that room");
    }

    @Test
    void floodingIsRateLimitedWithARetryTime() {
        FakeClient alice = joined("lobby", "alice");
        for (int i = 0; i < 19; i++) { // burst 20, the join took one
            alice.send("{\"msgType\":\"Ping\"}");
        }
        assertEquals(19, alice.take().size());
        alice.send("{\"msgType\":\"Ping\"}");
        JsonObject limited = alice.only();
        assertEquals("rate_limited", limited.getString("code"));
        assertEquals(100, limited.getJsonNumber("retryAfterMs").longValue());
        clock.advance(100);
        alice.send("{\"msgType\":\"Ping\",\"token\":\"t1\"}");
        assertEquals("{\"msgType\":\"Pong\",\"token\":\"t1\"}", alice.only().toString());
    }

    @Test
    void connectionsThatDoNotJoinInTimeAreClosedAndCappedPerAddress() {
        server("{\"limits\":{\"max_unjoined_per_address\":2,\"join_timeout_seconds\":10}}");
        FakeClient idle = open("10.0.0.5");
        FakeClient busy = open("10.0.0.5");
        FakeClient third = open("10.0.0.5");
        assertEquals(CloseCode.TOO_MANY_UNJOINED, third.connection().closedWith());
        third.close();
        busy.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"lobby\",\"nick\":\"busy\"}");
        FakeClient fourth = open("10.0.0.5");
        assertNull(fourth.connection().closedWith(), "a joined connection no longer counts");
        harness.tickAfter(10_001);
        assertEquals(CloseCode.JOIN_TIMEOUT, idle.connection().closedWith());
        assertNull(busy.connection().closedWith());
    }

    @Test
    void closingLeavesEveryRoomAndFreesTheName() {
        FakeClient alice = joined("lobby", "alice");
        alice.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"other\",\"nick\":\"alice\"}");
        alice.close();
        assertEquals(List.of(), server.members("lobby"));
        assertEquals(List.of(), server.members("other"));
        joined("lobby", "alice");
    }

    private static void assertError(FakeClient client, String frame, String code) {
        client.send(frame);
        JsonObject error = client.only();
        assertEquals("Error", error.getString("msgType"));
        assertEquals(code, error.getString("code"), () -> "for " + frame.substring(0, Math.min(80, frame.length())));
        assertFalse(error.getString("text").isEmpty());
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
