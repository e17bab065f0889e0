package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.Role;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.OwnerRequests;

/** What the operator sees of rooms and members, and a password rotated from outside the chat. */
class ServerOperatorTest {
    private final ChatHarness chat = ChatHarness.start("{\"rooms\":[{\"name\":\"den\",\"password\":\"old words\"}]}");
    private final ServerOperator operator = chat.server().operator();

    @Test
    void roomsAndMembersShowOwnersRolesAndPasswordsButNoSecrets() {
        FakeClient owner = chat.connect("10.0.0.1");
        owner.send(OwnerRequests.joinAsOwner("attic", "ann", "attic words", "owner words"));
        owner.take();
        FakeClient guest = chat.connect("10.0.0.2");
        guest.join("attic", "bob", "attic words");

        List<ServerOperator.RoomSummary> rooms = operator.listRooms();
        assertEquals(List.of("attic", "den", "lobby"), rooms.stream().map(ServerOperator.RoomSummary::name).toList());
        ServerOperator.RoomSummary attic = rooms.get(0);
        assertEquals(2, attic.membersOnline());
        assertEquals(ServerOperator.OwnerKind.PASSWORD, attic.owner());
        assertTrue(attic.hasPassword() && attic.persistent() && !attic.fromConfig());
        ServerOperator.RoomSummary den = rooms.get(1);
        assertEquals(ServerOperator.OwnerKind.NONE, den.owner());
        assertTrue(den.fromConfig() && den.persistent() && den.hasPassword());

        List<ServerOperator.MemberSummary> members = operator.members("Attic").orElseThrow();
        assertEquals(List.of("ann", "bob"), members.stream().map(ServerOperator.MemberSummary::nick).toList());
        assertEquals(List.of(Role.OWNER, Role.MEMBER), members.stream().map(ServerOperator.MemberSummary::role)
                .toList());
        assertEquals(Optional.empty(), operator.members("nowhere"));
        assertFalse(rooms.toString().contains("argon2"), "no verifier in what the operator is shown");
    }

    @Test
    void aRotatedPasswordLetsMembersStayAndOnlyItOpensTheRoomToNewJoins() {
        FakeClient member = chat.connect("10.0.0.1");
        assertEquals("Joined", last(member.join("den", "ann", "old words")));

        assertTrue(operator.rotatePassword("den", "new words 2", "admin-api").join());

        assertEquals(List.of("ann"), chat.server().members("den"), "current members stay");
        FakeClient late = chat.connect("10.0.0.3");
        assertEquals("wrong_password", late.join("den", "bob", "old words").get(0).getString("code"));
        FakeClient right = chat.connect("10.0.0.4");
        assertEquals("Joined", last(right.join("den", "cat", "new words 2")));
        assertFalse(operator.rotatePassword("nowhere", "new words 2", "admin-api").join());
    }

    @Test
    void aPasswordTooShortIsRefusedAndChangesNothing() {
        CompletionException refused = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> operator.rotatePassword("den", "short", "cli").join());
        assertInstanceOf(ServerOperator.Refused.class, refused.getCause());
        FakeClient client = chat.connect("10.0.0.5");
        assertEquals("Joined", last(client.join("den", "ann", "old words")));
    }

    @Test
    void deletingACreatedRoomTakesItsMembersOutAndAConfiguredOneIsRefused() throws Exception {
        FakeClient owner = chat.connect("10.0.0.1");
        owner.send(OwnerRequests.joinAsOwner("attic", "ann", "attic words", "owner words"));
        owner.take();

        assertTrue(operator.deleteRoom("Attic", "admin-api"));

        jakarta.json.JsonObject removed = owner.expect("Removed");
        assertEquals("deleted", removed.getString("reason"));
        assertFalse(removed.containsKey("by"), "the operator is nobody in the room");
        assertTrue(operator.room("attic").isEmpty());
        assertFalse(operator.deleteRoom("attic", "admin-api"), "gone already");
        org.junit.jupiter.api.Assertions.assertThrows(ServerOperator.Refused.class,
                () -> operator.deleteRoom("den", "admin-api"));
        assertTrue(operator.room("den").isPresent());
        FakeClient again = chat.connect("10.0.0.2");
        assertEquals("Joined", last(again.join("attic", "eve", null)), "the name is free again, unowned");
        assertEquals(ServerOperator.OwnerKind.NONE, operator.room("attic").orElseThrow().owner());
    }

    private static String last(List<jakarta.json.JsonObject> frames) {
        return frames.get(frames.size() - 1).getString("msgType");
    }
}
