package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.TestIdentity;

/**
 * Kick, ban, unban, ban list, mute and unmute, Sans-IO: who may (owner and moderators, never on the owner, a
 * moderator never on another moderator, nobody on themselves), what the room sees (RoomEvent lines), what the removed
 * member gets (Removed; Ragnarok: 4007), and that the removed connection is really out of the room.
 */
class ModerationFramesTest {
    /** The Ragnarok clients' room, from config, owned by Alice's key. */
    static final String ROOM = "den";
    final TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ECDSA);
    final ChatHarness harness = ChatHarness.start("""
            {"default_room": "%s",
             "rooms": [{"name": "%s", "owner_key": "%s"}],
             "limits": {"messages_per_second": 1000, "message_burst": 1000}}
            """.formatted(ROOM, ROOM, aliceKeys.fingerprint()));

    @AfterEach
    void close() {
        harness.close();
    }

    /** Alice joins with her keys: she owns the room she creates, and the configured one. */
    FakeClient owner(String room) {
        FakeClient alice = harness.connect("10.0.0.1");
        List<JsonObject> joined = alice.joinProven(room, "alice", aliceKeys);
        assertEquals("owner", joined.get(0).getString("role"), joined::toString);
        alice.take();
        return alice;
    }

    FakeClient member(String room, String nick, String address) {
        FakeClient client = harness.connect(address);
        client.expectJoined(room, nick);
        return client;
    }

    /** Presence flushed, and what each client got so far dropped. */
    void settled(FakeClient... clients) {
        harness.tick();
        for (FakeClient client : clients) {
            client.take();
        }
    }

    JsonObject error(FakeClient client, String frame) {
        client.send(frame);
        return client.expect("Error");
    }

    @Test
    void theOwnerKicksAMemberWhoGetsRemovedWhileTheRoomSeesTheLine() {
        FakeClient alice = owner("attic");
        FakeClient bob = member("attic", "bob", "10.0.0.2");
        FakeClient carol = member("attic", "carol", "10.0.0.3");
        settled(alice, bob, carol);
        alice.send(ModerationRequests.kick("attic", "bob", "spam"));
        JsonObject removed = bob.expect("Removed");
        assertEquals("kicked", removed.getString("reason"));
        assertEquals("alice", removed.getString("by"));
        assertEquals("spam", removed.getString("text"));
        JsonObject line = carol.expect("RoomEvent");
        assertEquals("kick", line.getString("event"));
        assertEquals("alice", line.getString("actor"));
        assertEquals("bob", line.getString("target"));
        assertEquals("spam", line.getString("reason"));
        assertEquals(List.of("alice", "carol"), harness.server().members("attic"));
        assertNull(bob.closedWith(), "a /chat connection stays open");
        assertEquals("not_in_room", error(bob, ClientFrames.broadcast("attic", "still here?")).getString("code"));
        bob.expectJoined("attic", "bob"); // a kick is not a ban
        assertEquals(List.of("alice", "carol", "bob"), harness.server().members("attic"));
    }

    @Test
    void aMemberMayNotModerateAndNobodyActsOnThemselvesOrOnSomeoneAbsent() {
        FakeClient alice = owner("attic");
        FakeClient bob = member("attic", "bob", "10.0.0.2");
        member("attic", "carol", "10.0.0.3");
        bob.take();
        assertEquals("not_allowed", error(bob, ModerationRequests.kick("attic", "carol", null)).getString("code"));
        assertEquals("not_allowed", error(bob, ModerationRequests.ban("attic", "alice")).getString("code"));
        assertEquals("not_allowed", error(bob, ModerationRequests.listBans("attic")).getString("code"));
        alice.take();
        assertEquals("not_allowed", error(alice, ModerationRequests.kick("attic", "alice", null)).getString("code"));
        FakeClient aliceOnHerPhone = harness.connect("10.0.0.5");
        aliceOnHerPhone.joinProven("attic", "alice-phone", aliceKeys);
        alice.take();
        assertEquals("not_allowed", error(alice, ModerationRequests.ban("attic", "alice-phone")).getString("code"),
                "the same key under another nickname is oneself too");
        aliceOnHerPhone.leave("attic");
        alice.take();
        assertEquals("unknown_member", error(alice, ModerationRequests.mute("attic", "dave", 60_000)).getString("code"));
        assertEquals("unknown_member", error(alice, ModerationRequests.unban("attic", "12345")).getString("code"));
        assertEquals(List.of("alice", "bob", "carol"), harness.server().members("attic"));
    }

    @Test
    void aModeratorMayActOnMembersButNotOnTheOwnerOrAnotherModerator() {
        FakeClient alice = owner("attic");
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient bob = harness.connect("10.0.0.2");
        bob.joinProven("attic", "bob", bobKeys);
        FakeClient carol = harness.connect("10.0.0.3");
        carol.joinProven("attic", "carol", carolKeys);
        member("attic", "dave", "10.0.0.4");
        alice.send(OwnerRequests.setRole("attic", "bob", "moderator"));
        alice.send(OwnerRequests.setRole("attic", "carol", "moderator"));
        bob.take();
        assertEquals("not_allowed", error(bob, ModerationRequests.kick("attic", "alice", null)).getString("code"));
        assertEquals("not_allowed", error(bob, ModerationRequests.mute("attic", "carol", 60_000)).getString("code"));
        bob.send(ModerationRequests.kick("attic", "dave", null));
        assertEquals(List.of("alice", "bob", "carol"), harness.server().members("attic"));
        alice.take();
        alice.send(ModerationRequests.kick("attic", "carol", null)); // the owner may remove a moderator
        assertEquals(List.of("alice", "bob"), harness.server().members("attic"));
    }

    @Test
    void aKickedRagnarokClientIsClosedWith4007() {
        FakeClient alice = owner(ROOM);
        FakeClient ragnar = harness.ragnarok("10.0.0.9", "any password", "ragnar");
        assertEquals(List.of("alice", "ragnar"), harness.server().members(ROOM));
        alice.send(ModerationRequests.kick(ROOM, "ragnar", "bye"));
        assertEquals(CloseCode.REMOVED, ragnar.closedWith());
        assertEquals(List.of("alice"), harness.server().members(ROOM));
    }

    @Test
    void aKickedConnectionThatSaysNothingStartsItsJoinTimeoutAtTheNextTick() {
        FakeClient alice = owner("attic");
        FakeClient bob = member("attic", "bob", "10.0.0.2");
        alice.send(ModerationRequests.kick("attic", "bob", null));
        harness.tick();
        harness.tickAfter(11_000); // join_timeout_seconds is 10
        assertEquals(CloseCode.JOIN_TIMEOUT, bob.closedWith(), "in no room, it is closed like any roomless one");
        assertNull(alice.closedWith());
    }

    @Test
    void aMutedMemberIsRefusedWithTheWaitUntilTheMuteEndsOrIsLifted() {
        FakeClient alice = owner("attic");
        FakeClient bob = member("attic", "bob", "10.0.0.2");
        alice.send(ModerationRequests.mute("attic", "bob", 120_000));
        bob.take();
        JsonObject refused = error(bob, ClientFrames.broadcast("attic", "hello"));
        assertEquals("muted", refused.getString("code"));
        assertEquals(120_000, refused.getJsonNumber("retryAfterMs").longValue());
        harness.clock().advance(60_000);
        assertEquals(60_000, error(bob, ClientFrames.broadcast("attic", "hello")).getJsonNumber("retryAfterMs").longValue());
        alice.take();
        alice.send(ModerationRequests.unmute("attic", "bob"));
        assertEquals("unmute", alice.expect("RoomEvent").getString("event"));
        bob.take();
        bob.send(ClientFrames.broadcast("attic", "free"));
        assertEquals("Broadcast", bob.expect("Broadcast").getString("msgType"));
        alice.send(ModerationRequests.mute("attic", "bob", 60_000));
        harness.clock().advance(60_000);
        bob.take();
        bob.send(ClientFrames.broadcast("attic", "over"));
        assertEquals("Broadcast", bob.expect("Broadcast").getString("msgType"), "an ended mute holds no more");
    }

    @Test
    void aMuteFollowsAProvenKeyUnderANewNickname() {
        FakeClient alice = owner("attic");
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient bob = harness.connect("10.0.0.2");
        bob.joinProven("attic", "bob", bobKeys);
        alice.send(ModerationRequests.mute("attic", "bob", 600_000));
        bob.close();
        FakeClient again = harness.connect("10.0.0.5");
        again.joinProven("attic", "robert", bobKeys);
        assertEquals("muted", error(again, ClientFrames.broadcast("attic", "it's me")).getString("code"));
    }

    @Test
    void theBanListShowsLabelsReasonsAndEndsButNeverAnAddress() {
        FakeClient alice = owner("attic");
        member("attic", "bob", "10.0.0.2");
        member("attic", "carol", "10.0.0.3");
        alice.send(ModerationRequests.ban("attic", "bob", "spam", 3_600_000L));
        alice.send(ModerationRequests.ban("attic", "carol"));
        alice.take();
        alice.send(ModerationRequests.listBans("attic"));
        JsonObject list = alice.expect("Bans");
        assertEquals(2, list.getJsonArray("bans").size());
        JsonObject first = list.getJsonArray("bans").getJsonObject(0);
        assertEquals("bob", first.getString("label"));
        assertEquals("spam", first.getString("reason"));
        assertEquals("alice", first.getString("by"));
        assertEquals(ChatHarness.START + 3_600_000L, first.getJsonNumber("until").longValue());
        assertFalse(list.toString().contains("10.0.0."), list::toString);
        assertFalse(list.toString().contains("digest"), list::toString);
        harness.clock().advance(3_600_000L);
        alice.send(ModerationRequests.listBans("attic"));
        assertEquals(List.of("carol"), alice.expect("Bans").getJsonArray("bans").stream()
                .map(ban -> ban.asJsonObject().getString("label")).toList(), "an ended ban leaves the list");
    }

    @Test
    void aBannedMemberIsRemovedAndEveryoneSeesTheLine() {
        FakeClient alice = owner("attic");
        FakeClient bob = member("attic", "bob", "10.0.0.2");
        FakeClient carol = member("attic", "carol", "10.0.0.3");
        settled(alice, bob, carol);
        alice.send(ModerationRequests.ban("attic", "bob", "spam", null));
        JsonObject removed = bob.expect("Removed");
        assertEquals("banned", removed.getString("reason"));
        JsonObject line = carol.expect("RoomEvent");
        assertEquals("ban", line.getString("event"));
        assertEquals("bob", line.getString("target"));
        assertTrue(line.containsKey("id"));
        assertEquals(List.of("alice", "carol"), harness.server().members("attic"));
    }

    @Test
    void bansBeyondTheRoomsBudgetAreRefused() {
        ChatHarness small = ChatHarness.start("{\"limits\":{\"max_bans_per_room\":1}}");
        FakeClient alice = small.connect("10.0.0.1");
        alice.joinProven("attic", "alice", aliceKeys);
        FakeClient bob = small.connect("10.0.0.2");
        bob.expectJoined("attic", "bob");
        FakeClient carol = small.connect("10.0.0.3");
        carol.expectJoined("attic", "carol");
        alice.send(ModerationRequests.ban("attic", "bob"));
        alice.take();
        JsonObject refused = error(alice, ModerationRequests.ban("attic", "carol"));
        assertEquals("not_allowed", refused.getString("code"));
        assertTrue(refused.getString("text").contains("max_bans_per_room"), refused::toString);
        assertEquals(List.of("alice", "carol"), small.server().members("attic"));
        small.close();
    }
}
