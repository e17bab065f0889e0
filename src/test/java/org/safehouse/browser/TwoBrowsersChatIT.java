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
 * Two people in two real Chromium browsers, each with a fresh profile, chatting through the WAR run with
 * {@code java -jar}: they talk, the second sees the first's words set apart from their own, and after the server
 * restarts on the same port both pages reconnect by themselves and the conversation goes on.
 */
class TwoBrowsersChatIT {
    static final Path ARTIFACTS = Path.of(System.getProperty("safehouse.artifacts", "target/browser-artifacts"));

    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"server_name": "Safehouse browser test",
             "rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"}],
             "limits": {"presence_interval_ms": 50}}
            """);

    @Test
    void twoPeopleTalkAndTheConversationSurvivesAServerRestart() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             ChatPage bob = ChatPage.open(directory.resolve("profiles"), server.page(), "bob")) {
            alice.join("garden", "alice", "tulips in spring");
            bob.join("garden", "bob", "tulips in spring");
            alice.awaitUsers(List.of("alice", "bob"));
            bob.awaitUsers(List.of("alice", "bob"));

            alice.send("Hello Bob, the tulips are out");
            Message seenByBob = bob.awaitMessage("Hello Bob, the tulips are out");
            assertEquals("alice", seenByBob.sender());
            assertFalse(seenByBob.own(), "Bob's page must not show Alice's words as his own");
            bob.send("Lovely, I will come and see");
            Message ownForBob = bob.awaitMessage("Lovely, I will come and see");
            assertTrue(ownForBob.own(), "Bob's own message is set apart");
            alice.awaitMessage("Lovely, I will come and see");
            alice.screenshot(ARTIFACTS.resolve("chat-in-progress.png"));

            server.stop();
            alice.await("the page to notice the server is gone", d -> !"open".equals(alice.connectionState()));
            server.startAgain();
            alice.awaitReconnected();
            bob.awaitReconnected();
            // The list shown before the restart already reads so: wait for the rejoin (with its key proof) itself.
            alice.awaitRoomShown("garden");
            bob.awaitRoomShown("garden");
            alice.awaitUsers(List.of("alice", "bob"));
            bob.awaitUsers(List.of("alice", "bob"));

            alice.send("Still here after the restart?");
            bob.awaitMessage("Still here after the restart?");
            bob.send("Yes, still here");
            alice.awaitMessage("Yes, still here");
            assertEquals(1, alice.messages().stream().filter(m -> m.text().equals("Hello Bob, the tulips are out"))
                    .count(), "nothing is shown twice after reconnecting: " + alice.messages());
        }
    }
}
