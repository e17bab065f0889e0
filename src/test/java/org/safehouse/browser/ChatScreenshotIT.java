package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Dimension;
import org.safehouse.testing.WsTestClient;

/**
 * A chat in progress as a person sees it, kept as target/browser-artifacts/chat-screenshot.png (docs/screenshot.png
 * in the README is a copy of it): a few messages, a link, a two-line message, the people list, and an unread private
 * message waiting in the room list and next to its sender.
 */
class ChatScreenshotIT {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"server_name": "Safehouse",
             "rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"},
                       {"name": "kitchen", "title": "Kitchen", "password": "fresh bread"}],
             "limits": {"presence_interval_ms": 50}}
            """);

    @Test
    void aChatInProgress() throws IOException {
        Path profiles = directory.resolve("profiles");
        // Browsers first, and every connection made just before it joins: it must join within join_timeout_seconds,
        // and starting a browser can take longer than that on a busy machine.
        try (ChatPage bob = ChatPage.open(profiles, server.page(), "bob");
             ChatPage alice = ChatPage.open(profiles, server.page(), "alice");
             WsTestClient carol = server.connect()) {
            alice.driver().manage().window().setSize(new Dimension(1280, 940)); // the whole conversation fits
            carol.joinAndWait("garden", "carol", "tulips in spring");
            carol.broadcast("garden", "Morning all! The first tulips opened overnight");
            carol.await(f -> "Broadcast".equals(WsTestClient.type(f)));
            bob.join("garden", "bob", "tulips in spring");
            bob.send("Already? I planted mine two weeks after yours.");
            alice.join("garden", "alice", "tulips in spring");
            alice.joinAnotherRoom("kitchen", "alice", "fresh bread");
            alice.showRoom("garden");
            try (WsTestClient dave = server.connect()) {
                dave.joinAndWait("garden", "dave", "tulips in spring");

                alice.send("Photos please! I'll bring the watering can this afternoon.");
                carol.broadcast("garden", "Here you go: https://example.org/garden/tulips-2026");
                alice.awaitMessage("Here you go: https://example.org/garden/tulips-2026");
                bob.sendLines("Shopping list for Saturday:", "– compost, 2 bags", "– twine", "– seed potatoes");
                dave.broadcast("garden", "Count me in for Saturday. I can bring the wheelbarrow.");
                alice.awaitMessage("Count me in for Saturday. I can bring the wheelbarrow.");
                carol.privateMessage("garden", "alice",
                        "Can you keep Saturday morning free? Surprise for Bob's birthday");
                alice.await("the private message to wait, unread",
                        d -> alice.unreadForPeer("carol") == 1
                                && alice.unreadInRoomList(ChatPage.conversationView("garden", "carol")) == 1);
                alice.awaitUsers(List.of("alice", "bob", "carol", "dave"));
                alice.type("Sounds good, see you all at ten");
                assertEquals(6, alice.messages().size(), "the conversation so far: " + alice.messages());

                Path shot = alice.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("chat-screenshot.png"));
                assertTrue(Files.size(shot) > 10_000, "a real picture was written: " + Files.size(shot) + " bytes");
            }
        }
    }
}
