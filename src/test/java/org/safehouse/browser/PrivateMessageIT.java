package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.browser.ChatPage.Message;

/**
 * Three people in a room, each in their own browser: a private message from Alice reaches Bob only. Bob is told
 * before he opens it (an unread count on Alice in the people list and on the conversation in the room list), and
 * Carol sees it nowhere: not in her room log, not in any other log, not anywhere on her page.
 */
class PrivateMessageIT {
    private static final String SECRET = "Bob, the spare key is under the blue flowerpot";

    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.gardenForEachTest();

    @Test
    void aPrivateMessageReachesItsTargetOnly() {
        Path profiles = directory.resolve("profiles");
        try (ChatPage alice = ChatPage.open(profiles, server.page(), "alice");
             ChatPage bob = ChatPage.open(profiles, server.page(), "bob");
             ChatPage carol = ChatPage.open(profiles, server.page(), "carol")) {
            alice.join("garden", "alice", "tulips in spring");
            bob.join("garden", "bob", "tulips in spring");
            carol.join("garden", "carol", "tulips in spring");
            for (ChatPage page : List.of(alice, bob, carol)) {
                page.awaitUsers(List.of("alice", "bob", "carol"));
            }

            alice.openConversation("bob");
            alice.send(SECRET);
            Message sent = alice.awaitMessage(SECRET);
            assertTrue(sent.own(), "Alice sees her private message as her own");
            // A room message sent after it: once Carol has this one, the private one would have reached her before.
            alice.showRoom("garden");
            alice.send("Lovely weather in the garden today");
            carol.awaitMessage("Lovely weather in the garden today");
            bob.awaitMessage("Lovely weather in the garden today");

            String conversation = ChatPage.conversationView("garden", "alice");
            bob.await("the unread private message to be announced",
                    d -> bob.unreadForPeer("alice") == 1 && bob.unreadInRoomList(conversation) == 1);
            assertFalse(bob.messages().stream().anyMatch(m -> m.text().equals(SECRET)),
                    "the private message is not in Bob's room log: " + bob.messages());
            bob.showConversation("garden", "alice");
            Message received = bob.awaitMessage(SECRET);
            assertEquals("alice", received.sender());
            assertFalse(received.own());
            assertEquals(sent.id(), received.id(), "the same message, by the server's id");
            bob.await("the unread marks to go once the conversation is read",
                    d -> bob.unreadForPeer("alice") == 0 && bob.unreadInRoomList(conversation) == 0);

            assertEquals(List.of(ChatPage.roomView("garden")), carol.roomListViews(),
                    "Carol has no private conversation");
            assertFalse(carol.allLogsText().contains("flowerpot"), "no log of Carol's holds the private message");
            assertFalse(carol.pageText().contains("flowerpot"), "Carol's page shows nothing of it");
            assertEquals(0, carol.unreadForPeer("alice"));
            assertEquals(List.of("Lovely weather in the garden today"),
                    carol.messages().stream().map(Message::text).toList(), "Carol's room log");
        }
    }
}
