package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * Owners over real sockets on Tyrus: the config's owner key runs its room, a member's settings change is refused and
 * everyone sees the owner's; a keyless owner comes back and claims its empty room with the owner password.
 */
class RoomOwnershipTyrusTest {
    private static final TestIdentity ALICE = TestIdentity.create(TestIdentity.ECDSA);

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"default_room": "hall", "rooms": [{"name": "hall", "owner_key": "%s"}]}
            """.formatted(ALICE.fingerprint()));

    private static WsTestClient chat() {
        WsTestClient client = WsTestClient.connect(TYRUS.uri("/chat"));
        client.awaitType("Hello");
        return client;
    }

    @Test
    void theConfiguredOwnerKeyRunsItsRoomAndMembersSeeItsChanges() {
        try (WsTestClient alice = chat(); WsTestClient bob = chat()) {
            assertEquals("owner", ALICE.joinProven(alice, "hall", "alice", "").getString("role"));
            JsonObject bobJoined = bob.joinAndWait("hall", "bob", null);
            assertEquals("member", bobJoined.getString("role"));
            assertEquals("owner", bobJoined.getJsonObject("roles").getString("alice"));
            bob.send(OwnerRequests.roomSettings("hall", Json.createObjectBuilder().add("topic", "mine").build()));
            assertEquals("hall", bob.awaitError("not_allowed").getString("room"));
            alice.send(OwnerRequests.roomSettings("hall", Json.createObjectBuilder().add("topic", "Friday")
                    .add("maxMembers", 5).build()));
            JsonObject settings = bob.awaitType("Settings");
            assertEquals("Friday", settings.getString("topic"));
            assertEquals(5, settings.getJsonObject("settings").getInt("maxMembers"));
            JsonObject line = bob.awaitType("RoomEvent");
            assertEquals("settings", line.getString("event"));
            assertEquals("alice", line.getString("actor"));
        }
    }

    @Test
    void aKeylessOwnerClaimsItsEmptyRoomAgain() {
        try (WsTestClient carol = chat()) {
            carol.send(OwnerRequests.joinAsOwner("attic", "carol", null, "owner secret 9"));
            assertEquals("owner", carol.awaitType("Joined").getString("role"));
        }
        try (WsTestClient carol = chat(); WsTestClient dave = chat()) {
            assertEquals("member", dave.joinAndWait("attic", "dave", null).getString("role"),
                    "the room outlived carol, and nobody else owns it");
            carol.send(OwnerRequests.joinAsOwner("attic", "carol", null, "owner secret 9"));
            JsonObject joined = carol.awaitType("Joined");
            assertEquals("owner", joined.getString("role"));
            assertEquals("owner", dave.awaitType("Roles").getJsonObject("roles").getString("carol"));
        }
    }
}
