package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.RoomPassword;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.SharedMemberDirectory;
import org.safehouse.testing.SharedRoomCatalog;

/**
 * Rooms shared by two nodes through one catalog (cluster mode's seam, in memory: {@link SharedRoomCatalog}): one
 * room, one password, whoever creates it first; a room created on one node is known to the other, or hydrated at a
 * join there; its rules, password, bans, deletion and wipe reach the other node, which acts on its own members; a
 * server-wide ban closes the banned group's connections on both.
 */
class SharedRoomsTest {
    private static final String CONFIG = "{\"default_room\":\"lobby\"}";

    private final SharedRoomCatalog catalog = new SharedRoomCatalog();
    private final MutableClock clock = new MutableClock(ChatHarness.START);
    private final ChatHarness nodeA = ChatHarness.with(CONFIG).clock(clock).catalog(catalog.node()).start();
    private final ChatHarness nodeB = ChatHarness.with(CONFIG).clock(clock).catalog(catalog.node()).start();

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    private static JsonObject last(List<JsonObject> frames, String msgType) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (msgType.equals(frames.get(i).getString("msgType", null))) {
                return frames.get(i);
            }
        }
        throw new AssertionError("no " + msgType + " in " + frames);
    }

    /** alice creates "vault" on node A with a password and an owner password. */
    private FakeClient aliceOwnsVaultOnA(String password) {
        FakeClient alice = nodeA.connect("10.0.0.1");
        alice.send(OwnerRequests.joinAsOwner("vault", "alice", password, "owner secret"));
        assertEquals("owner", last(alice.takeJson(), "Joined").getString("role"));
        return alice;
    }

    @Test
    void aRoomCreatedOnOneNodeRefusesAnotherPasswordOnTheOtherAndAcceptsItsOwn() {
        aliceOwnsVaultOnA("first password");
        // node B has not heard of it yet (nothing delivered): the join looks it up and checks against it
        FakeClient mallory = nodeB.connect("10.0.0.66");
        assertError("wrong_password", "vault", last(mallory.join("vault", "mallory", "squatter password"),
                "Error"));
        FakeClient bob = nodeB.connect("10.0.0.2");
        JsonObject joined = last(bob.join("vault", "bob", "first password"), "Joined");
        assertEquals("member", joined.getString("role"));
    }

    @Test
    void twoNodesCreatingOneRoomAtOnceAgreeOnTheFirstClaimsPasswordAndEpoch() {
        FakeClient alice = aliceOwnsVaultOnA("first password");
        String epochOnA = last(nodeA.connect("10.0.0.3").join("vault", "carol", "first password"), "Joined")
                .getString("epoch");
        // node B's join had decided to create the room before it learnt of A's: its claim loses
        RoomCatalog.Entry entry = new RoomCatalog.Entry("vault", "vault", "vault", Optional.empty(), false,
                RoomRules.DEFAULT);
        Room fresh = nodeB.server().rooms().newRoom(new Room.Settings("vault", "vault", "vault",
                RoomPassword.NONE, entry.rules(), false, false, Optional.empty()));
        Room registered = nodeB.server().rooms().putIfAbsentAndStart(fresh);
        assertNotEquals(fresh, registered, "the first claim's room, not B's");
        assertEquals(epochOnA, registered.epoch());
        assertTrue(registered.password().required(), "with the first claim's password");
        assertEquals(null, alice.closedWith());
    }

    @Test
    void aRoomCreatedOnOneNodeIsMirroredOnTheOtherWithItsEpoch() {
        aliceOwnsVaultOnA("first password");
        catalog.deliver();
        assertEquals(2, nodeB.server().roomCount(), "lobby and vault");
        String epochOnA = last(nodeA.connect("10.0.0.3").join("vault", "carol", "first password"), "Joined")
                .getString("epoch");
        String epochOnB = last(nodeB.connect("10.0.0.2").join("vault", "bob", "first password"), "Joined")
                .getString("epoch");
        assertEquals(epochOnA, epochOnB, "one history, one epoch, on any node");
    }

    @Test
    void aPasswordChangedOnOneNodeHoldsOnTheOther() {
        FakeClient alice = aliceOwnsVaultOnA("first password");
        catalog.deliver();
        alice.send(OwnerRequests.roomSettings("vault", Json.createObjectBuilder()
                .add("password", "second password").build()));
        catalog.deliver();
        FakeClient bob = nodeB.connect("10.0.0.2");
        assertError("wrong_password", "vault", last(bob.join("vault", "bob", "first password"), "Error"));
        FakeClient carol = nodeB.connect("10.0.0.3");
        assertEquals("Joined", last(carol.join("vault", "carol", "second password"), "Joined")
                .getString("msgType"));
    }

    @Test
    void aBanOnOneNodeRemovesTheBannedOnTheOtherAndKeepsThemOut() {
        FakeClient alice = aliceOwnsVaultOnA("first password");
        FakeClient mallory = nodeA.connect("10.0.0.66");
        last(mallory.join("vault", "mallory", "first password"), "Joined");
        catalog.deliver();
        FakeClient malloryOnB = nodeB.connect("10.0.0.67"); // the same nickname, through node B
        last(malloryOnB.join("vault", "mallory", "first password"), "Joined");

        alice.send(ModerationRequests.banKinds("vault", "mallory", "nick"));
        catalog.deliver();

        assertFrame("{'msgType':'Removed','room':'vault','reason':'banned','by':'alice'}",
                last(malloryOnB.takeJson(), "Removed"));
        FakeClient again = nodeB.connect("10.0.0.68");
        assertError("banned", "vault", last(again.join("vault", "mallory", "first password"), "Error"));
    }

    @Test
    void aDeletionOnOneNodeRemovesEveryoneOnTheOther() {
        FakeClient alice = aliceOwnsVaultOnA("first password");
        catalog.deliver();
        FakeClient bob = nodeB.connect("10.0.0.2");
        last(bob.join("vault", "bob", "first password"), "Joined");

        alice.send(OwnerRequests.deleteRoom("vault", "vault"));
        catalog.deliver();

        assertFrame("{'msgType':'Removed','room':'vault','reason':'deleted','by':'alice'}",
                last(bob.takeJson(), "Removed"));
        assertEquals(1, nodeB.server().roomCount(), "only the lobby is left on B");
    }

    @Test
    void aWipeOnOneNodeEmptiesTheRoomOnTheOtherUnderANewEpochAndPassword() {
        FakeClient alice = aliceOwnsVaultOnA("first password");
        catalog.deliver();
        FakeClient bob = nodeB.connect("10.0.0.2");
        String oldEpoch = last(bob.join("vault", "bob", "first password"), "Joined").getString("epoch");

        alice.send(OwnerRequests.wipeRoom("vault", "vault", "new password 1"));
        catalog.deliver();

        assertFrame("{'msgType':'Removed','room':'vault','reason':'wiped','by':'alice',"
                + "'text':'this room was wiped'}", last(bob.takeJson(), "Removed"));
        FakeClient carol = nodeB.connect("10.0.0.3");
        assertError("wrong_password", "vault", last(carol.join("vault", "carol", "first password"), "Error"));
        JsonObject joined = last(nodeB.connect("10.0.0.4").join("vault", "dave", "new password 1"), "Joined");
        assertNotEquals(oldEpoch, joined.getString("epoch"));
    }

    @Test
    void aRoomHydratedAtAJoinListsTheMembersItHasOnTheOtherNode() {
        SharedRoomCatalog rooms = new SharedRoomCatalog();
        SharedMemberDirectory members = new SharedMemberDirectory();
        InMemoryBroker broker = new InMemoryBroker();
        try (ChatHarness one = ChatHarness.with(CONFIG).clock(clock).catalog(rooms.node())
                .node(broker, members.node("one")).start();
             ChatHarness two = ChatHarness.with(CONFIG).clock(clock).catalog(rooms.node())
                .node(broker, members.node("two")).start()) {
            FakeClient alice = one.connect("10.0.0.1");
            last(alice.join("vault", "alice", "first password"), "Joined");
            // node two never heard of the room (nothing delivered): bob's join hydrates it, members included
            JsonObject joined = last(two.connect("10.0.0.2").join("vault", "bob", "first password"), "Joined");
            assertEquals(List.of("alice", "bob"), joined.getJsonArray("users").getValuesAs(
                    jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList());
        } finally {
            broker.close();
        }
    }

    @Test
    void aJoinTheSharedCatalogCannotAnswerIsRefusedAndSentToAnotherNode() {
        SharedRoomCatalog unreachable = new SharedRoomCatalog();
        unreachable.becomeUnreachable();
        try (ChatHarness node = ChatHarness.with(CONFIG).catalog(unreachable.node()).start()) {
            FakeClient bob = node.connect("10.0.0.2");
            assertError("cluster_unavailable", "vault", last(bob.join("vault", "bob", "a password"), "Error"));
            assertEquals(CloseCode.CLUSTER_LOST, bob.closedWith(), "the page reconnects, to another node");
            assertEquals(1, node.server().roomCount(), "nothing was created: only the lobby");
        }
    }

    @Test
    void aServerBanOnOneNodeClosesTheGroupOnTheOtherAndRefusesItThere() throws Exception {
        FakeClient onB = nodeB.connect("203.0.113.9");
        nodeA.server().operator().banAddress("203.0.113.9", OptionalLong.empty(), Optional.empty(), "admin-api");
        catalog.deliver();
        assertEquals(CloseCode.ADDRESS_BANNED, onB.closedWith());
        assertEquals(CloseCode.ADDRESS_BANNED, nodeB.open("203.0.113.9").closedWith());
        assertEquals(null, nodeB.open("203.0.113.10").closedWith(), "another address is let in");
    }
}
