package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.TestIdentity;

/** Who owns a room: its creator, by proven key or by owner password; and an owned room outlives its members. */
class RoomOwnershipTest {
    final ChatHarness harness = ChatHarness.start("{\"limits\":{\"wrong_password_burst_per_address\":2,"
            + "\"wrong_passwords_per_minute_per_address\":6}}");
    final ChatServer server = harness.server();
    /** The configured rooms (the default room). */
    final int configured = server.roomCount();

    FakeClient keyed(String address, String room, String nick, TestIdentity identity) {
        FakeClient client = harness.connect(address);
        JsonObject joined = client.joinProven(room, nick, identity).get(0);
        assertEquals(nick, joined.getString("nick"));
        return client;
    }

    JsonObject joinAsOwner(FakeClient client, String room, String nick, String ownerPassword) {
        client.send(OwnerRequests.joinAsOwner(room, nick, null, ownerPassword));
        List<JsonObject> frames = client.connection().takeJson();
        assertFalse(frames.isEmpty(), "no answer to the Join of " + nick);
        return frames.get(0);
    }

    @Test
    void theCreatorWithProvenKeysOwnsTheRoomAndOthersAreMembers() {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ED25519);
        FakeClient owner = harness.connect("10.0.0.1");
        JsonObject joined = owner.joinProven("den", "alice", alice).get(0);
        assertEquals("owner", joined.getString("role"));
        assertEquals(Json.createObjectBuilder().add("alice", "owner").build(), joined.getJsonObject("roles"));
        FakeClient bob = harness.connect("10.0.0.2");
        JsonObject bobJoined = bob.joinProven("den", "bob", TestIdentity.create(IdentityKeys.ED25519)).get(0);
        assertEquals("member", bobJoined.getString("role"));
        assertEquals(Json.createObjectBuilder().add("alice", "owner").build(), bobJoined.getJsonObject("roles"));
    }

    @Test
    void theOwnerIsTheKeyNotTheNickname() {
        TestIdentity alice = TestIdentity.create(IdentityKeys.ED25519);
        keyed("10.0.0.1", "den", "alice", alice).close();
        FakeClient impostor = harness.connect("10.0.0.2");
        assertEquals("member", impostor.joinProven("den", "alice", TestIdentity.create(IdentityKeys.ED25519))
                .get(0).getString("role"));
        impostor.close();
        FakeClient back = harness.connect("10.0.0.1");
        assertEquals("owner", back.joinProven("den", "Alice2", alice).get(0).getString("role"),
                "the same key under another nickname is still the owner");
    }

    @Test
    void aKeylessCreatorWithAnOwnerPasswordOwnsTheRoomAndClaimsItLater() {
        FakeClient ann = harness.connect("10.0.0.1");
        assertEquals("owner", joinAsOwner(ann, "den", "ann", "owner secret 1").getString("role"));
        ann.close();
        assertEquals(configured + 1, server.roomCount(), "an owned room stays when empty");
        FakeClient bob = harness.connect("10.0.0.2");
        assertEquals("member", bob.join("den", "bob").get(0).getString("role"));
        FakeClient annAgain = harness.connect("10.0.0.1");
        JsonObject claimed = joinAsOwner(annAgain, "den", "ann", "owner secret 1");
        assertEquals("owner", claimed.getString("role"));
        assertEquals(Json.createObjectBuilder().add("ann", "owner").build(), claimed.getJsonObject("roles"));
    }

    @Test
    void aWrongOwnerPasswordIsAWrongPasswordAndCountsInTheThrottle() {
        joinAsOwner(harness.connect("10.0.0.1"), "den", "ann", "owner secret 1");
        FakeClient eve = harness.connect("10.0.0.9");
        assertEquals("wrong_password", joinAsOwner(eve, "den", "eve", "guess 1").getString("code"));
        assertEquals("wrong_password", joinAsOwner(eve, "den", "eve", "guess 2").getString("code"));
        assertEquals("throttled", joinAsOwner(eve, "den", "eve", "owner secret 1").getString("code"),
                "even the right one waits after the burst");
        assertEquals(List.of("ann"), server.members("den"));
    }

    @Test
    void nobodyCanClaimARoomWithoutAnOwnerPassword() {
        FakeClient ann = harness.connect("10.0.0.1");
        ann.expectJoined("den", "ann");
        JsonObject refused = joinAsOwner(harness.connect("10.0.0.2"), "den", "eve", "mine now!");
        assertEquals("not_allowed", refused.getString("code"));
        assertEquals(List.of("ann"), server.members("den"));
    }

    @Test
    void anUnownedRoomVanishesWithItsLastMemberAndAnOwnedOneStays() {
        FakeClient ann = harness.connect("10.0.0.1");
        ann.expectJoined("attic", "ann");
        ann.close();
        assertEquals(configured, server.roomCount());
        keyed("10.0.0.1", "den", "alice", TestIdentity.create(IdentityKeys.ECDSA_P256)).close();
        assertEquals(configured + 1, server.roomCount(), "owned by alice's key: kept, in memory until a restart");
    }

    @Test
    void aFailedProofLeavesNoRoomBehind() {
        FakeClient mallory = harness.connect("10.0.0.1");
        TestIdentity claimed = TestIdentity.create(IdentityKeys.ED25519);
        mallory.send(OwnerRequests.joinWithKeysAsOwner("den", "mallory", claimed, "owner secret 1"));
        String challenge = mallory.expect("Challenge").getString("challenge");
        List<JsonObject> refused = mallory.prove("den", TestIdentity.create(IdentityKeys.ED25519)
                .sign(challenge, "den", "mallory"));
        assertEquals("bad_signature", refused.get(0).getString("code"));
        assertEquals(configured, server.roomCount(), "a room whose founder never entered is not kept, owner password or not");
    }
}
