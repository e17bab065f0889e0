package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.InviteRequests;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/**
 * Invites of a sealed room (docs/PROTOCOL.md "Invites"): a link lets someone in without the password, as often as
 * its uses allow and until it expires or is revoked; the key it let in comes back without the password until the
 * password rotates or the key is banned; a wrong token counts as a wrong password.
 */
class InviteTest {
    static final long HOUR = 3_600_000;
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"max_invites_per_inviter\":3}}");
    final MutableClock clock = harness.clock();
    final TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ED25519);
    final FakeClient alice = member("vault", "alice", aliceKeys, "correct horse");

    /** Joins with keys and a password (creating the room, sealed, for the first one) and proves the keys. */
    FakeClient member(String room, String nick, TestIdentity keys, String password) {
        FakeClient client = harness.connect("10.0.0." + (nick.length() + 1));
        client.send(InviteRequests.joinWithKeys(room, nick, keys, password));
        String challenge = client.expect("Challenge").getString("challenge");
        List<JsonObject> frames = client.prove(room, keys.sign(challenge, room, nick));
        assertEquals("Joined", frames.get(0).getString("msgType"), frames::toString);
        return client;
    }

    JsonObject invite(FakeClient inviter, int maxUses, long expiresInMs) {
        inviter.take();
        inviter.send(InviteRequests.createInvite("vault", maxUses, expiresInMs));
        return inviter.expect("Invite");
    }

    /** A join with the invite token: the frames after the proof (Joined first), or the refusal of the Join. */
    List<JsonObject> joinWithInvite(FakeClient client, String nick, TestIdentity keys, String token) {
        client.send(InviteRequests.joinWithInvite("vault", nick, keys, token));
        JsonObject first = client.connection().takeJson().get(0);
        if (!"Challenge".equals(first.getString("msgType"))) {
            return List.of(first);
        }
        return client.prove("vault", keys.sign(first.getString("challenge"), "vault", nick));
    }

    @Test
    void aLinkLetsSomeoneInWithoutThePasswordAsOftenAsItsUsesAllow() {
        JsonObject invite = invite(alice, 1, HOUR);
        assertEquals(43, invite.getString("token").length(), "32 random bytes, base64url");
        assertEquals(1, invite.getInt("usesLeft"));
        assertEquals(ChatHarness.START + HOUR, invite.getJsonNumber("expires").longValue());

        FakeClient bob = harness.connect("10.1.0.1");
        List<JsonObject> joined = joinWithInvite(bob, "bob", TestIdentity.create(IdentityKeys.ED25519),
                invite.getString("token"));
        assertEquals("Joined", joined.get(0).getString("msgType"), joined::toString);
        assertTrue(harness.server().members("vault").contains("bob"));

        FakeClient carol = harness.connect("10.1.0.2");
        JsonObject refused = joinWithInvite(carol, "carol", TestIdentity.create(IdentityKeys.ED25519),
                invite.getString("token")).get(0);
        assertEquals("invite_invalid", refused.getString("code"), "the one use is spent");
        assertFalse(harness.server().members("vault").contains("carol"));
    }

    @Test
    void theKeyALinkLetInComesBackWithoutThePasswordButNoOtherKeyDoes() {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ED25519);
        FakeClient bob = harness.connect("10.1.0.1");
        joinWithInvite(bob, "bob", bobKeys, invite(alice, 1, HOUR).getString("token"));
        bob.send(ClientFrames.leave("vault"));
        bob.take();

        FakeClient bobAgain = member("vault", "bob", bobKeys, null);
        assertTrue(harness.server().members("vault").contains("bob"));
        bobAgain.close();

        FakeClient mallory = harness.connect("10.1.0.3");
        mallory.send(InviteRequests.joinWithKeys("vault", "mallory", TestIdentity.create(IdentityKeys.ED25519),
                null));
        assertEquals("wrong_password", mallory.expect("Error").getString("code"));
    }

    @Test
    void anExpiredLinkFails() {
        String token = invite(alice, 5, 60_000).getString("token");
        clock.advance(60_000);
        JsonObject refused = joinWithInvite(harness.connect("10.1.0.1"), "bob",
                TestIdentity.create(IdentityKeys.ED25519), token).get(0);
        assertEquals("invite_invalid", refused.getString("code"));
    }

    @Test
    void aRevokedLinkFailsAndAMemberRevokesOnlyItsOwn() {
        FakeClient dave = member("vault", "dave", TestIdentity.create(IdentityKeys.ED25519), "correct horse");
        JsonObject alices = invite(alice, 5, HOUR);
        JsonObject daves = invite(dave, 5, HOUR);

        dave.send(InviteRequests.listInvites("vault"));
        JsonObject seenByDave = dave.expect("Invites");
        assertEquals(1, seenByDave.getJsonArray("invites").size(), "a member lists its own invites only");
        assertEquals(daves.getString("inviteId"),
                seenByDave.getJsonArray("invites").getJsonObject(0).getString("inviteId"));
        assertFalse(seenByDave.toString().contains(daves.getString("token")), "a list never shows a token");

        dave.send(InviteRequests.revokeInvite("vault", alices.getString("inviteId")));
        assertEquals("not_allowed", dave.expect("Error").getString("code"));

        alice.take();
        alice.send(InviteRequests.revokeInvite("vault", daves.getString("inviteId"))); // the owner revokes any
        JsonObject left = alice.expect("Invites");
        assertEquals(1, left.getJsonArray("invites").size());
        assertEquals("alice", left.getJsonArray("invites").getJsonObject(0).getString("by"));

        JsonObject refused = joinWithInvite(harness.connect("10.1.0.1"), "bob",
                TestIdentity.create(IdentityKeys.ED25519), daves.getString("token")).get(0);
        assertEquals("invite_invalid", refused.getString("code"));
    }

    @Test
    void rotatingThePasswordCutsOffOldLinksAndAdmissions() {
        AdmittedAndKept before = bobAdmittedAndALinkKept();

        alice.send(InviteRequests.rotate("vault", "new secret", "bmV3IHNhbHQgMTYgYnl0ZQ=="));
        alice.take();

        assertCutOff(before, "the rotation");
    }

    @Test
    void aSealedRoomsWipeCutsOffOldLinksAndAdmissions() {
        AdmittedAndKept before = bobAdmittedAndALinkKept();

        alice.send(SealedFrames.wipe("vault", "new secret", "bmV3IHNhbHQgMTYgYnl0ZQ=="));
        List<JsonObject> wiped = alice.takeJson();
        assertEquals("wiped", wiped.get(wiped.size() - 1).getString("reason"), wiped::toString);

        assertCutOff(before, "the wipe");
    }

    /** bob's key, which a link let in (he has left since), and the token of another link, not used yet. */
    private record AdmittedAndKept(TestIdentity bobKeys, String keptToken) {
    }

    private AdmittedAndKept bobAdmittedAndALinkKept() {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ED25519);
        FakeClient bob = harness.connect("10.1.0.1");
        joinWithInvite(bob, "bob", bobKeys, invite(alice, 1, HOUR).getString("token"));
        bob.close();
        return new AdmittedAndKept(bobKeys, invite(alice, 5, HOUR).getString("token"));
    }

    /** After {@code what}, neither the kept link nor bob's admission lets anyone in. */
    private void assertCutOff(AdmittedAndKept before, String what) {
        JsonObject refused = joinWithInvite(harness.connect("10.1.0.2"), "carol",
                TestIdentity.create(IdentityKeys.ED25519), before.keptToken()).get(0);
        assertEquals("invite_invalid", refused.getString("code"), "a link from before " + what);
        FakeClient bobAgain = harness.connect("10.1.0.3");
        bobAgain.send(InviteRequests.joinWithKeys("vault", "bob", before.bobKeys(), null));
        assertEquals("wrong_password", bobAgain.expect("Error").getString("code"), "admitted before " + what);
    }

    @Test
    void aBannedKeyStaysOutAfterTheUnban() {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ED25519);
        FakeClient bob = harness.connect("10.1.0.1");
        joinWithInvite(bob, "bob", bobKeys, invite(alice, 1, HOUR).getString("token"));
        alice.take();
        alice.send(ModerationRequests.banKinds("vault", "bob", "key"));
        alice.take();
        alice.send(ModerationRequests.listBans("vault"));
        String banId = alice.expect("Bans").getJsonArray("bans").getJsonObject(0).getString("id");
        alice.send(ModerationRequests.unban("vault", banId));
        alice.take();

        FakeClient bobAgain = harness.connect("10.1.0.3");
        bobAgain.send(InviteRequests.joinWithKeys("vault", "bob", bobKeys, null));
        assertEquals("wrong_password", bobAgain.expect("Error").getString("code"));
    }

    @Test
    void wrongTokensAreThrottledLikeWrongPasswords() {
        FakeClient guesser = harness.connect("10.2.0.1");
        for (int i = 0; i < 5; i++) { // wrong_password_burst_per_address
            JsonObject refused = joinWithInvite(guesser, "guesser", TestIdentity.create(IdentityKeys.ED25519),
                    "guess" + i).get(0);
            assertEquals("invite_invalid", refused.getString("code"));
        }
        String real = invite(alice, 1, HOUR).getString("token");
        JsonObject throttled = joinWithInvite(guesser, "guesser", TestIdentity.create(IdentityKeys.ED25519), real)
                .get(0);
        assertEquals("throttled", throttled.getString("code"), "even the right token waits once throttled");
    }

    @Test
    void anInviterHoldsAtMostItsLimitOfLiveInvites() {
        for (int i = 0; i < 3; i++) {
            invite(alice, 1, HOUR);
        }
        alice.send(InviteRequests.createInvite("vault", 1, HOUR));
        assertEquals("not_allowed", alice.expect("Error").getString("code"));
        clock.advance(HOUR); // expired ones no longer count
        invite(alice, 1, HOUR);
    }

    @Test
    void anInviteNeverCreatesARoomAndAnOpenRoomHasNone() {
        JsonObject refused = joinWithInvite(harness.connect("10.1.0.1"), "bob",
                TestIdentity.create(IdentityKeys.ED25519), invite(alice, 1, HOUR).getString("token")).get(0);
        assertEquals("Joined", refused.getString("msgType")); // sanity: the token works for vault
        FakeClient eve = harness.connect("10.1.0.2");
        eve.send(InviteRequests.joinWithInvite("elsewhere", "eve", TestIdentity.create(IdentityKeys.ED25519),
                "x".repeat(43)));
        assertEquals("invite_invalid", eve.expect("Error").getString("code"));
        assertEquals(List.of(), harness.server().members("elsewhere"));

        FakeClient open = harness.connect("10.1.0.4");
        open.send(ClientFrames.join("lobby", "olga"));
        open.take();
        open.send(InviteRequests.createInvite("lobby", 1, HOUR));
        assertEquals("not_allowed", open.expect("Error").getString("code"), "only sealed rooms give invites");

        FakeClient plain = harness.connect("10.1.0.5"); // encrypted and with a password, but not sealed
        TestIdentity plainKeys = TestIdentity.create(IdentityKeys.ED25519);
        plain.send(ClientFrames.joinWithKeys("plain", "pat", plainKeys));
        plain.prove("plain", plainKeys.sign(plain.expect("Challenge").getString("challenge"), "plain", "pat"));
        plain.send(InviteRequests.createInvite("plain", 1, HOUR));
        assertEquals("not_allowed", plain.expect("Error").getString("code"), "only sealed rooms give invites");
    }
}
