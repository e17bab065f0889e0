package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.browser.ChatPage.Message;
import org.safehouse.testing.WsTestClient;

/**
 * Room history in the page: a newcomer sees what was said before they came, and a reader who scrolls back up gets
 * older pages above, oldest first, each message once, until the beginning of the room's history.
 */
class HistoryIT {
    @TempDir
    Path directory;

    // Generous rates, so a script can fill the history quickly.
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"}],
             "limits": {"presence_interval_ms": 50, "messages_per_second": 1000, "message_burst": 1000}}
            """);

    @Test
    void aNewcomerSeesTheRoomsRecentMessages() {
        // The browser first: a connection must join within join_timeout_seconds; a browser may take longer to start.
        try (ChatPage bob = ChatPage.open(directory.resolve("profiles"), server.page(), "bob");
             WsTestClient alice = server.connect()) {
            alice.joinAndWait("garden", "alice", "tulips in spring");
            List<String> said = List.of("Good morning, garden", "The tulips came out overnight",
                    "Bob, you should see them\nbefore the rain");
            for (String text : said) {
                alice.broadcast("garden", text);
            }
            awaitEcho(alice, said.get(said.size() - 1));

            bob.join("garden", "bob", "tulips in spring");
            bob.await("the history", d -> bob.messages().size() == said.size());
            List<Message> shown = bob.messages();
            assertEquals(said, bob.exactTexts(), "what was said, in order, exactly");
            assertTrue(shown.stream().allMatch(m -> m.sender().equals("alice") && !m.own()), shown.toString());
            assertFalse(bob.offersOlderMessages(), "nothing older to offer");
            assertEquals(0, bob.unreadInRoomList(ChatPage.roomView("garden")), "history is not news");
        }
    }

    @Test
    void scrollingUpLoadsOlderPagesInOrderWithNothingTwice() {
        int total = 130;
        List<String> said = IntStream.rangeClosed(1, total).mapToObj(i -> String.format("message %03d", i)).toList();
        // The browser first: a connection must join within join_timeout_seconds; a browser may take longer to start.
        try (ChatPage bob = ChatPage.open(directory.resolve("profiles"), server.page(), "bob");
             WsTestClient alice = server.connect()) {
            alice.joinAndWait("garden", "alice", "tulips in spring");
            for (String text : said) {
                alice.broadcast("garden", text);
            }
            awaitEcho(alice, said.get(total - 1));

            bob.join("garden", "bob", "tulips in spring");
            bob.awaitMessage(said.get(total - 1));
            int firstPage = bob.messages().size();
            assertTrue(firstPage < total, "the newest page only at first: " + firstPage);
            assertEquals(said.subList(total - firstPage, total), texts(bob));
            assertTrue(bob.offersOlderMessages(), "older messages are offered");

            int pages = 0;
            while (bob.offersOlderMessages()) {
                List<String> before = texts(bob);
                bob.scrollUpForOlderMessages();
                List<String> after = texts(bob);
                assertEquals(before, after.subList(after.size() - before.size(), after.size()),
                        "older messages go above; what was shown stays as it was");
                assertTrue(bob.logScrollTop() > 0, "the reader is not thrown back to the top of the new page");
                assertTrue(++pages < total, "paging ends");
            }
            assertTrue(pages >= 2, "more than one older page was needed: " + pages);
            assertEquals(said, texts(bob), "every message, oldest first");
            List<String> ids = bob.messageIds();
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no message twice");
        }
    }

    private static List<String> texts(ChatPage page) {
        return page.messages().stream().map(Message::text).toList();
    }

    private static void awaitEcho(WsTestClient client, String text) {
        client.await(f -> "Broadcast".equals(WsTestClient.type(f)) && text.equals(f.getString("text", null)));
    }
}
