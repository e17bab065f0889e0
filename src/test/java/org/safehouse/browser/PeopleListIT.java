package org.safehouse.browser;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The people list follows the room: someone who joins appears in everyone's list with a "joined" line in the log;
 * someone who leaves, with the Leave button or by closing the browser, disappears with a "left" line.
 */
class PeopleListIT {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.gardenForEachTest();

    @Test
    void thePeopleListFollowsJoinsAndLeaves() {
        Path profiles = directory.resolve("profiles");
        try (ChatPage alice = ChatPage.open(profiles, server.page(), "alice");
             ChatPage bob = ChatPage.open(profiles, server.page(), "bob")) {
            alice.join("garden", "alice", "tulips in spring");
            bob.join("garden", "bob", "tulips in spring");
            alice.awaitUsers(List.of("alice", "bob"));
            alice.awaitNotice("bob joined");

            try (ChatPage carol = ChatPage.open(profiles, server.page(), "carol")) {
                carol.join("garden", "carol", "tulips in spring");
                carol.awaitUsers(List.of("alice", "bob", "carol"));
                for (ChatPage page : List.of(alice, bob)) {
                    page.awaitUsers(List.of("alice", "bob", "carol"));
                    page.awaitNotice("carol joined");
                }

                carol.leaveShownRoom();
                carol.await("the join form after leaving the only room",
                        d -> carol.fieldValue("join-nick").equals("carol") && carol.users().isEmpty());
                for (ChatPage page : List.of(alice, bob)) {
                    page.awaitUsers(List.of("alice", "bob"));
                    page.awaitNotice("carol left");
                }

                carol.join("garden", "carol", "tulips in spring");
                for (ChatPage page : List.of(alice, bob)) {
                    page.awaitUsers(List.of("alice", "bob", "carol"));
                    page.await("a second \"carol joined\" line",
                            d -> page.notices().stream().filter(n -> n.equals("carol joined")).count() == 2);
                }
            } // Carol closes her browser without leaving

            for (ChatPage page : List.of(alice, bob)) {
                page.awaitUsers(List.of("alice", "bob"));
                page.await("a second \"carol left\" line",
                        d -> page.notices().stream().filter(n -> n.equals("carol left")).count() == 2);
            }
        }
    }
}
