package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.browser.ChatPage.Message;
import org.safehouse.testing.WsTestClient;

/**
 * A page that lost its connection catches up by itself when it is back: every message said meanwhile is shown
 * exactly once, in order, after what it already showed, with no warning that anything may be missing. Two ways to
 * be away: the person's own network drops while the others talk on, and the server restarts with durable history.
 */
class CatchUpIT {
    private static final String MISSING = "may be missing";

    @TempDir
    Path directory;
    private TestServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void afterItsNetworkDropsAPageShowsEveryMessageSaidMeanwhileExactlyOnceInOrder() {
        server = TestServer.start(directory, """
                {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"}],
                 "limits": {"presence_interval_ms": 50, "messages_per_second": 1000, "message_burst": 1000}}
                """);
        Path profiles = directory.resolve("profiles");
        try (CuttableLink alicesNetwork = new CuttableLink(server.port());
             ChatPage alice = ChatPage.open(profiles, alicesNetwork.page(), "alice");
             ChatPage bob = ChatPage.open(profiles, server.page(), "bob");
             WsTestClient carol = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            bob.join("garden", "bob", "tulips in spring");
            carol.joinAndWait("garden", "carol", "tulips in spring");
            bob.send("Anyone seen the watering can?");
            alice.send("It is by the shed");
            bob.awaitMessage("It is by the shed");

            alicesNetwork.cut();
            alice.await("the page to notice its connection is gone", d -> !"open".equals(alice.connectionState()));
            bob.awaitUsers(List.of("bob", "carol"));

            // More than one resume page (100 messages each) is said while Alice is away.
            List<String> meanwhile = new ArrayList<>(List.of("Found it, thanks", "Where did Alice go?"));
            meanwhile.addAll(IntStream.rangeClosed(1, 120).mapToObj(i -> "seedling " + i + " planted").toList());
            bob.send(meanwhile.get(0));
            bob.send(meanwhile.get(1));
            bob.awaitMessage(meanwhile.get(1));
            for (String text : meanwhile.subList(2, meanwhile.size())) {
                carol.broadcast("garden", text);
            }
            bob.awaitMessage(meanwhile.get(meanwhile.size() - 1));

            alicesNetwork.restore();
            alice.awaitReconnected();
            alice.awaitUsers(List.of("alice", "bob", "carol"));
            alice.awaitMessage(meanwhile.get(meanwhile.size() - 1));

            List<String> expected = new ArrayList<>(List.of("Anyone seen the watering can?", "It is by the shed"));
            expected.addAll(meanwhile);
            assertEquals(expected, texts(alice), "every message once, in order");
            assertEquals(bob.messageIds(), alice.messageIds(), "the same messages as Bob, who never left");
            assertNoDuplicateIds(alice);
            assertTrue(alice.notices().stream().noneMatch(n -> n.contains(MISSING)), "a silent catch-up: "
                    + alice.notices());

            alice.send("Back, sorry: my Wi-Fi");
            bob.awaitMessage("Back, sorry: my Wi-Fi");
            assertEquals(1, alice.messages().stream().filter(m -> m.text().equals("Back, sorry: my Wi-Fi")).count());
        }
    }

    @Test
    void afterAServerRestartWithDurableHistoryNothingIsLostOrShownTwice() {
        server = TestServer.start(directory, """
                {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"}],
                 "history_storage": "sqlite", "data_dir": "data",
                 "limits": {"presence_interval_ms": 50, "max_concurrent_password_checks": 4}}
                """);
        Path profiles = directory.resolve("profiles");
        try (ChatPage alice = ChatPage.open(profiles, server.page(), "alice");
             ChatPage bob = ChatPage.open(profiles, server.page(), "bob")) {
            alice.join("garden", "alice", "tulips in spring");
            bob.join("garden", "bob", "tulips in spring");
            alice.send("The frost is coming tonight");
            bob.send("I will cover the seedlings");
            alice.awaitMessage("I will cover the seedlings");

            server.stop();
            alice.await("the page to notice the server is gone", d -> !"open".equals(alice.connectionState()));
            server.startAgain();
            // Carol joins while both pages rejoin: three password checks at once (the default allows two).
            List<String> afterRestart = List.of("Server is back, the seedlings are covered", "Thank you, Carol");
            try (WsTestClient carol = server.connect()) {
                carol.joinAndWait("garden", "carol", "tulips in spring");
                carol.broadcast("garden", afterRestart.get(0));
                alice.awaitReconnected();
                bob.awaitReconnected();
                alice.awaitUsers(List.of("alice", "bob", "carol"));
                bob.awaitUsers(List.of("alice", "bob", "carol"));
                alice.send(afterRestart.get(1));
                bob.awaitMessage(afterRestart.get(1));
            }

            List<String> expected = new ArrayList<>(List.of("The frost is coming tonight", "I will cover the seedlings"));
            expected.addAll(afterRestart);
            for (ChatPage page : List.of(alice, bob)) {
                page.awaitMessage(afterRestart.get(1));
                assertEquals(expected, texts(page), "every message once, in order");
                assertNoDuplicateIds(page);
                assertTrue(page.notices().stream().noneMatch(n -> n.contains(MISSING)),
                        "the history survived the restart, so nothing is reported missing: " + page.notices());
            }

            try (ChatPage dave = ChatPage.open(profiles, server.page(), "dave")) {
                dave.join("garden", "dave", "tulips in spring");
                dave.await("the room's history", d -> texts(dave).equals(expected));
            }
        }
    }

    @Test
    void aCatchUpLargerThanOneReplyIsFetchedByThePageUntilNothingIsMissing() {
        // A small queue: the server's answer to the resume stops at half of it (History.continueAfter), and the
        // page fetches the rest with History "after" until hasMore is false.
        server = TestServer.start(directory, """
                {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"}],
                 "limits": {"presence_interval_ms": 50, "messages_per_second": 1000, "message_burst": 1000,
                            "max_text_chars": 200, "outbound_queue_bytes": 8192}}
                """);
        try (CuttableLink alicesNetwork = new CuttableLink(server.port());
             ChatPage alice = ChatPage.open(directory.resolve("profiles"), alicesNetwork.page(), "alice");
             WsTestClient carol = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            carol.joinAndWait("garden", "carol", "tulips in spring");
            carol.broadcast("garden", "before the cut");
            alice.awaitMessage("before the cut");

            alicesNetwork.cut();
            alice.await("the page to notice its connection is gone", d -> !"open".equals(alice.connectionState()));
            List<String> meanwhile = IntStream.rangeClosed(1, 150)
                    .mapToObj(i -> "seedling " + i + " planted along the long south wall of the garden").toList();
            for (String text : meanwhile) {
                carol.broadcast("garden", text);
            }
            carol.await(f -> "Broadcast".equals(WsTestClient.type(f))
                    && meanwhile.get(meanwhile.size() - 1).equals(f.getString("text", "")));

            alicesNetwork.restore();
            alice.awaitReconnected();
            alice.awaitMessage(meanwhile.get(meanwhile.size() - 1));
            List<String> expected = new ArrayList<>(List.of("before the cut"));
            expected.addAll(meanwhile);
            assertEquals(expected, texts(alice), "every message once, in order");
            assertNoDuplicateIds(alice);
            assertTrue(alice.notices().stream().noneMatch(n -> n.contains(MISSING)), "a silent catch-up: "
                    + alice.notices());
        }
    }

    private static List<String> texts(ChatPage page) {
        return page.messages().stream().map(Message::text).toList();
    }

    private static void assertNoDuplicateIds(ChatPage page) {
        List<String> ids = page.messageIds();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no message twice: " + ids);
    }
}
