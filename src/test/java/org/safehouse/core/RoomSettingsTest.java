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
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.TestIdentity;

/** What an owner and its moderators may change in their room, and what every member then sees. */
class RoomSettingsTest {
    final ChatHarness harness = ChatHarness.start("{}");
    final ChatServer server = harness.server();
    /** The configured rooms (the default room). */
    final int configured = server.roomCount();
    final TestIdentity aliceKey = TestIdentity.create(IdentityKeys.ED25519);
    final TestIdentity bobKey = TestIdentity.create(IdentityKeys.ECDSA_P256);
    final FakeClient alice = harness.connect("10.0.0.1");
    final FakeClient bob = harness.connect("10.0.0.2");
    final FakeClient cy = harness.connect("10.0.0.3");

    /** alice (owner by key), bob (keys) and cy (no keys) in "den"; everything they were sent so far dropped. */
    void threeInDen() {
        alice.joinProven("den", "alice", aliceKey);
        bob.joinProven("den", "bob", bobKey);
        cy.expectJoined("den", "cy");
        harness.tick();
        for (FakeClient client : List.of(alice, bob, cy)) {
            client.take();
        }
    }

    void makeBobModerator() {
        alice.send(OwnerRequests.setRole("den", "bob", "moderator"));
        for (FakeClient client : List.of(alice, bob, cy)) {
            client.take();
        }
    }

    static JsonObject only(List<JsonObject> frames, String msgType) {
        List<JsonObject> matching = frames.stream().filter(f -> msgType.equals(f.getString("msgType"))).toList();
        assertEquals(1, matching.size(), frames::toString);
        return matching.get(0);
    }

    @Test
    void aMemberMayChangeNothingAndAModeratorOnlyTheTopic() {
        threeInDen();
        cy.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("topic", "mine").build()));
        assertEquals("not_allowed", cy.only().getString("code"));
        makeBobModerator();
        bob.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("maxMembers", 2).build()));
        assertEquals("not_allowed", bob.only().getString("code"), "limits are the owner's");
        bob.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("topic", "plans").build()));
        for (FakeClient member : List.of(alice, bob, cy)) {
            List<JsonObject> frames = member.connection().takeJson();
            JsonObject settings = only(frames, "Settings");
            assertEquals("plans", settings.getString("topic"));
            assertEquals("bob", settings.getString("by"));
            JsonObject event = only(frames, "RoomEvent");
            assertEquals("settings", event.getString("event"));
            assertEquals("bob", event.getString("actor"));
        }
        FakeClient dee = harness.connect("10.0.0.4");
        assertEquals("plans", dee.join("den", "dee").get(0).getString("topic"), "newcomers see the topic");
    }

    @Test
    void aNewPasswordKeepsTheMembersAndNewJoinsNeedIt() {
        threeInDen();
        alice.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("password", "new door 42")
                .build()));
        JsonObject settings = only(alice.connection().takeJson(), "Settings");
        assertTrue(settings.getBoolean("password"));
        assertEquals(List.of("alice", "bob", "cy"), server.members("den"), "nobody was dropped");
        FakeClient dee = harness.connect("10.0.0.4");
        assertEquals("wrong_password", dee.join("den", "dee").get(0).getString("code"));
        assertEquals("Joined", dee.join("den", "dee", "new door 42").get(0).getString("msgType"));
        assertTrue(server.members("den").contains("dee"));
    }

    @Test
    void anAnnouncementRoomLetsOnlyTheOwnerAndModeratorsPost() {
        threeInDen();
        makeBobModerator();
        alice.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("postPolicy", "moderators")
                .build()));
        cy.take();
        cy.send(ClientFrames.broadcast("den", "hello?"));
        assertEquals("moderators_only", cy.only().getString("code"));
        bob.take();
        bob.send(ClientFrames.broadcast("den", "news"));
        assertEquals("news", only(cy.connection().takeJson(), "Broadcast").getString("text"));
    }

    @Test
    void rolesBindToKeysSoAKeylessMemberCannotBeMadeModerator() {
        threeInDen();
        alice.send(OwnerRequests.setRole("den", "cy", "moderator"));
        assertEquals("keys_required", alice.only().getString("code"));
        alice.send(OwnerRequests.setRole("den", "nobody", "moderator"));
        assertEquals("unknown_member", alice.only().getString("code"));
        bob.send(OwnerRequests.setRole("den", "cy", "moderator"));
        assertEquals("not_allowed", bob.only().getString("code"));
        alice.send(OwnerRequests.setRole("den", "bob", "moderator"));
        JsonObject roles = only(cy.connection().takeJson(), "Roles");
        assertEquals(Json.createObjectBuilder().add("alice", "owner").add("bob", "moderator").build(),
                roles.getJsonObject("roles"));
    }

    @Test
    void transferMakesTheTargetOwnerAndTheOldOwnerAModerator() {
        threeInDen();
        alice.send(OwnerRequests.transferOwnership("den", "cy"));
        assertEquals("keys_required", alice.only().getString("code"));
        alice.send(OwnerRequests.transferOwnership("den", "bob"));
        List<JsonObject> seen = cy.connection().takeJson();
        assertEquals(Json.createObjectBuilder().add("bob", "owner").add("alice", "moderator").build(),
                only(seen, "Roles").getJsonObject("roles"));
        assertEquals("owner", only(seen, "RoomEvent").getString("event"));
        alice.take();
        alice.send(OwnerRequests.deleteRoom("den", "den"));
        assertEquals("not_allowed", alice.only().getString("code"), "alice is no longer the owner");
    }

    @Test
    void deletingTheRoomRemovesEveryoneAndPurgesItsHistory() {
        threeInDen();
        cy.send(ClientFrames.broadcast("den", "canary-7f3a"));
        alice.take();
        alice.send(OwnerRequests.deleteRoom("den", "Den"));
        assertEquals("confirm_mismatch", alice.only().getString("code"), "the name exactly");
        alice.send(OwnerRequests.deleteRoom("den", "den"));
        for (FakeClient member : List.of(alice, bob, cy)) {
            JsonObject removed = only(member.connection().takeJson(), "Removed");
            assertEquals("deleted", removed.getString("reason"));
            assertEquals("alice", removed.getString("by"));
        }
        assertEquals(configured, server.roomCount());
        FakeClient dee = harness.connect("10.0.0.4");
        JsonObject joined = dee.join("den", "dee").get(0);
        assertEquals(0, joined.getJsonArray("history").size(), "a room of the same name starts afresh");
        assertEquals("member", joined.getString("role"), "and nobody owns it");
        cy.take();
        cy.expectJoined("den", "cy");
    }

    @Test
    void aRoomThatHidesHistoryShowsANewcomerOnlyWhatCameAfterItsJoin() {
        threeInDen();
        cy.send(ClientFrames.broadcast("den", "before"));
        alice.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("historyForNewcomers", false)
                .build()));
        FakeClient dee = harness.connect("10.0.0.4");
        assertEquals(0, dee.join("den", "dee").get(0).getJsonArray("history").size());
        dee.send("{\"msgType\":\"History\",\"room\":\"den\",\"limit\":50}");
        JsonObject page = only(dee.connection().takeJson(), "History");
        assertEquals(0, page.getJsonArray("messages").size(), "nor by paging back");
        assertFalse(page.getBoolean("hasMore"));
        makeBobModerator();
        bob.leave("den");
        bob.take();
        JsonObject moderatorView = bob.joinProven("den", "bob", bobKey).get(0);
        assertEquals("before", moderatorView.getJsonArray("history").getJsonObject(0).getString("text"),
                "moderators see the history");
    }
}
