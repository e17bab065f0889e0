package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.safehouse.browser.ChatPage.Message;
import org.safehouse.testing.WsTestClient;

/**
 * One page in several rooms at once: each room counts its own unread messages in the room list while another is
 * shown, and showing it clears the count. The composer sends on Enter and starts a new line on Shift+Enter, so a
 * message typed on two lines arrives as two lines.
 */
class RoomsAndComposerIT {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"},
                       {"name": "kitchen", "title": "The kitchen", "password": "fresh bread"}],
             "limits": {"presence_interval_ms": 50}}
            """);

    @Test
    void eachRoomCountsItsOwnUnreadMessages() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             WsTestClient bob = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            alice.joinAnotherRoom("kitchen", "alice", "fresh bread");
            assertEquals(List.of(ChatPage.roomView("garden"), ChatPage.roomView("kitchen")), alice.roomListViews());
            bob.joinAndWait("garden", "bob", "tulips in spring");
            bob.joinAndWait("kitchen", "bob", "fresh bread");

            bob.broadcast("garden", "The tulips are out");
            bob.broadcast("garden", "And the daffodils");
            bob.broadcast("garden", "Come and see");
            bob.broadcast("kitchen", "Bread is in the oven");
            alice.awaitMessage("Bread is in the oven");
            alice.await("three unread in the garden",
                    d -> alice.unreadInRoomList(ChatPage.roomView("garden")) == 3);
            assertEquals(0, alice.unreadInRoomList(ChatPage.roomView("kitchen")), "the kitchen is being read");

            alice.showRoom("garden");
            assertEquals(List.of("The tulips are out", "And the daffodils", "Come and see"),
                    alice.messages().stream().map(Message::text).toList());
            alice.await("the garden's count to clear", d -> alice.unreadInRoomList(ChatPage.roomView("garden")) == 0);

            bob.broadcast("kitchen", "Bread is ready");
            alice.await("one unread in the kitchen", d -> alice.unreadInRoomList(ChatPage.roomView("kitchen")) == 1);
            assertEquals(0, alice.unreadInRoomList(ChatPage.roomView("garden")));
        }
    }

    @Test
    void enterSendsAndShiftEnterStartsANewLine() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             ChatPage bob = ChatPage.open(directory.resolve("profiles"), server.page(), "bob");
             WsTestClient carol = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            bob.join("garden", "bob", "tulips in spring");
            carol.joinAndWait("garden", "carol", "tulips in spring");

            alice.type("Shopping list:", Keys.chord(Keys.SHIFT, Keys.ENTER), "bread");
            assertEquals("Shopping list:\nbread", alice.composerValue(), "Shift+Enter made a new line, sent nothing");
            alice.type(Keys.ENTER);
            alice.await("the composer to clear", d -> alice.composerValue().isEmpty());

            JsonObject arrived = carol.await(f -> "Broadcast".equals(WsTestClient.type(f)));
            assertEquals("Shopping list:\nbread", arrived.getString("text"), "one message of two lines was sent");
            Message shown = bob.awaitMessage("Shopping list:\nbread");
            assertEquals("alice", shown.sender());
            assertEquals(List.of("Shopping list:\nbread"), bob.exactTexts());
            assertTrue(bob.messageTextHeight(shown.id()) >= 2 * bob.messageLineHeight(shown.id()) - 1,
                    "the message is drawn on two lines");

            alice.sendLines("one", "two", "three");
            bob.awaitMessage("one\ntwo\nthree");
            assertEquals(2, bob.messages().size(), "two messages, not five: " + bob.messages());
        }
    }
}
