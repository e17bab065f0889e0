package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.TestIdentity;

/**
 * The panic wipe of a room by its owner (WipeRoom) and of the whole server (the operator): members are taken out
 * with a Removed frame that carries nothing of the room's content, the history is gone, the old password lets
 * nobody in and the new one does, the owner still owns the room; a Ragnarok member is closed with 4007.
 */
class PanicWipeTest {
    private static final String CANARY = "CANARY the safe is behind the painting";
    private static final TestIdentity OWNER_KEYS = TestIdentity.create(TestIdentity.ECDSA);

    private final ChatHarness harness = ChatHarness.start(("{'default_room':'lobby','rooms':[{'name':'lobby',"
            + "'password':'lobby password','owner_key':'" + OWNER_KEYS.fingerprint() + "'}]}").replace('\'', '"'));

    @AfterEach
    void close() {
        harness.close();
    }

    /** alice creates the room "vault" (password "old password", owner password "owner secret"); bob joins. */
    private List<FakeClient> vaultWithAliceAndBob() {
        FakeClient alice = harness.connect("10.0.0.1");
        alice.send(OwnerRequests.joinAsOwner("vault", "alice", "old password", "owner secret"));
        assertEquals("owner", last(alice.takeJson(), "Joined").getString("role"));
        FakeClient bob = harness.connect("10.0.0.2");
        assertEquals("Joined", last(bob.join("vault", "bob", "old password"), "Joined").getString("msgType"));
        alice.send(ClientFrames.broadcast("vault", CANARY));
        harness.tick();
        alice.take();
        bob.take();
        return List.of(alice, bob);
    }

    @Test
    void theOwnersWipeRemovesEveryoneEmptiesHistoryAndOnlyTheNewPasswordLetsAnyoneIn() {
        List<FakeClient> members = vaultWithAliceAndBob();
        FakeClient alice = members.get(0);
        FakeClient bob = members.get(1);
        String oldEpoch = epochSeenBy(harness.connect("10.0.0.3"), "carol", "old password");

        alice.send(OwnerRequests.wipeRoom("vault", "vault", "new password 1"));

        for (FakeClient member : members) {
            List<JsonObject> frames = member.takeJson();
            JsonObject removed = last(frames, "Removed");
            assertFrame("{'msgType':'Removed','room':'vault','reason':'wiped','by':'alice',"
                    + "'text':'this room was wiped'}", removed);
            assertFalse(frames.toString().contains("CANARY"), "nothing of the old content: " + frames);
            assertEquals(null, member.closedWith(), "a /chat connection stays open");
        }
        bob.send(ClientFrames.broadcast("vault", "still here?"));
        assertError("not_in_room", "vault", bob.only());

        FakeClient dave = harness.connect("10.0.0.4");
        assertError("wrong_password", "vault", last(dave.join("vault", "dave", "old password"), "Error"));
        FakeClient erin = harness.connect("10.0.0.5");
        List<JsonObject> joined = erin.join("vault", "erin", "new password 1");
        JsonObject greeting = last(joined, "Joined");
        assertEquals(0, greeting.getJsonArray("history").size(), "the history is gone");
        assertNotEquals(oldEpoch, greeting.getString("epoch"), "a new history epoch");
        assertFalse(joined.toString().contains("CANARY"));

        alice.send(OwnerRequests.joinAsOwner("vault", "alice", "new password 1", "owner secret"));
        assertEquals("owner", last(alice.takeJson(), "Joined").getString("role"), "the owner still owns it");
    }

    @Test
    void aWipeNeedsTheRoomsExactNameAndChangesNothingOtherwise() {
        List<FakeClient> members = vaultWithAliceAndBob();
        FakeClient alice = members.get(0);
        FakeClient bob = members.get(1);

        alice.send(OwnerRequests.wipeRoom("vault", "Vault", "new password 1"));
        assertError("confirm_mismatch", "vault", alice.only());
        bob.send(OwnerRequests.wipeRoom("vault", "vault", "new password 1"));
        assertError("not_allowed", "vault", bob.only());

        harness.tick();
        alice.take();
        FakeClient carol = harness.connect("10.0.0.3");
        List<JsonObject> joined = carol.join("vault", "carol", "old password");
        assertTrue(joined.toString().contains("CANARY"), "history and password unchanged: " + joined);
    }

    @Test
    void aRagnarokMemberOfAWipedRoomIsToldAndClosedWith4007() {
        FakeClient owner = joinLobbyAsOwner();
        FakeClient ragnarok = harness.ragnarok("10.0.0.2", "lobby password", "rex");
        harness.tick();
        owner.take();
        ragnarok.take();

        owner.send(OwnerRequests.wipeRoom("lobby", "lobby", "new lobby password"));

        assertTrue(ragnarok.take().stream().anyMatch(f -> f.contains("\"reason\":\"wiped\"")));
        assertEquals(CloseCode.REMOVED, ragnarok.closedWith());
        FakeClient late = harness.ragnarok("10.0.0.3", "lobby password", "late");
        assertEquals(CloseCode.LEGACY_AUTH_FAILED, late.closedWith(), "the old password of a configured room");
        FakeClient next = harness.ragnarok("10.0.0.4", "new lobby password", "next");
        assertEquals(null, next.closedWith(), "the new one");
    }

    @Test
    void aRagnarokHandshakeThatPassedTheOldPasswordBeforeTheWipeCannotEnterAfterIt() {
        FakeClient owner = joinLobbyAsOwner();
        FakeClient halfway = harness.open("10.0.0.2", true);
        halfway.send("lobby password"); // checked at once (the harness's hasher runs on the caller's thread)
        assertEquals(null, halfway.closedWith(), "the old password was right when it was checked");

        owner.send(OwnerRequests.wipeRoom("lobby", "lobby", "new lobby password"));
        halfway.send("rex");

        assertEquals(CloseCode.LEGACY_AUTH_FAILED, halfway.closedWith(), "the old password does not carry over");
        FakeClient next = harness.ragnarok("10.0.0.4", "new lobby password", "next");
        assertEquals(null, next.closedWith());
    }

    @Test
    void privateMessagesKeptForAnOfflineMemberAreGoneAfterTheWipe() {
        FakeClient owner = joinLobbyAsOwner();
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ECDSA);
        FakeClient bob = harness.connect("10.0.0.2");
        joinLobbyWithKeys(bob, "bob", bobKeys, "lobby password");
        bob.close(); // offline: what olga writes to him waits in the room's mailbox
        owner.send("{\"msgType\":\"PrivateMessage\",\"room\":\"lobby\",\"TgtUser\":\"bob\","
                + IdentityProofTest.encryptedBody("kept-for-bob") + "}");
        assertTrue(last(owner.takeJson(), "PrivateMessage").getBoolean("queued"), "kept for bob: the test can fail");

        owner.send(OwnerRequests.wipeRoom("lobby", "lobby", "new lobby password"));

        FakeClient bobAgain = harness.connect("10.0.0.2");
        List<JsonObject> frames = joinLobbyWithKeys(bobAgain, "bob", bobKeys, "new lobby password");
        assertEquals("Joined", frames.get(0).getString("msgType"), frames::toString);
        assertFalse(frames.stream().anyMatch(f -> "PrivateMessage".equals(f.getString("msgType"))),
                "nothing kept before the wipe: " + frames);
    }

    @Test
    void theServerWipeTakesEveryoneOutOfEveryRoomAndKeepsThePasswords() {
        List<FakeClient> vault = vaultWithAliceAndBob();
        FakeClient lobby = harness.ragnarok("10.0.0.3", "lobby password", "rex");
        harness.tick();
        lobby.take();

        PanicWipe.ServerWipe wipe = harness.server().operator().wipeAll("test");

        assertEquals(new PanicWipe.ServerWipe(2, 3, false), wipe, "no TLS: no key to rotate");
        for (FakeClient member : vault) {
            assertFrame("{'msgType':'Removed','room':'vault','reason':'wiped','text':'this room was wiped'}",
                    last(member.takeJson(), "Removed"));
        }
        assertEquals(CloseCode.REMOVED, lobby.closedWith());
        FakeClient carol = harness.connect("10.0.0.4");
        List<JsonObject> joined = carol.join("vault", "carol", "old password");
        assertEquals(0, last(joined, "Joined").getJsonArray("history").size());
    }

    /** olga joins the configured room lobby with the keys its owner_key names, and owns it. */
    private FakeClient joinLobbyAsOwner() {
        FakeClient owner = harness.connect("10.0.0.1");
        assertEquals("owner", last(joinLobbyWithKeys(owner, "olga", OWNER_KEYS, "lobby password"), "Joined")
                .getString("role"), "the config's owner_key");
        return owner;
    }

    /** Joins lobby with keys and this password, signs the challenge; returns what followed the proof. */
    private static List<JsonObject> joinLobbyWithKeys(FakeClient client, String nick, TestIdentity keys,
                                                      String password) {
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", "lobby")
                .add("nick", nick).add("password", password).add("keys", keys.keys()).build().toString());
        String challenge = client.expect("Challenge").getString("challenge");
        return client.prove("lobby", keys.sign(challenge, "lobby", nick));
    }

    private static String epochSeenBy(FakeClient client, String nick, String password) {
        String epoch = last(client.join("vault", nick, password), "Joined").getString("epoch");
        client.leave("vault");
        client.take();
        return epoch;
    }

    /** The last frame of this type among these. */
    private static JsonObject last(List<JsonObject> frames, String msgType) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (msgType.equals(frames.get(i).getString("msgType", null))) {
                return frames.get(i);
            }
        }
        throw new AssertionError("no " + msgType + " in " + frames);
    }
}
