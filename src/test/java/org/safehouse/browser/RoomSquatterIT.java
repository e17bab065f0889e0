package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.safehouse.testing.WsTestClient;

/**
 * A squatter who re-creates a vanished room without a password does not get the owner's page: reconnecting, the page
 * is refused (no_password_expected) and says why; joining by hand, the person is asked, and only a click joins the
 * passwordless room.
 */
class RoomSquatterIT {
    @TempDir
    Path directory;

    // In-memory history: a created room vanishes with its last member (and with a restart).
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("{\"limits\": {\"presence_interval_ms\": 50}}");

    @Test
    void theReconnectingPageNeverJoinsTheSquattersRoomAndThePersonChooses() {
        try (ChatPage page = ChatPage.open(directory.resolve("profiles"), server.page(), "ann")) {
            page.join("hideout", "ann", "our secret");
            server.stop();
            page.await("the page to notice the server is gone", d -> !"open".equals(page.connectionState()));
            server.startAgain();
            try (WsTestClient squatter = server.connect()) {
                squatter.joinAndWait("hideout", "mallory", null);
                page.awaitReconnected();
                page.awaitNotice("has no password, though you gave one");
                assertTrue(page.pageText().contains("not joined"), "the room is shown as not joined");

                page.driver().findElement(By.id("rejoin-room")).click();
                page.submitJoin("hideout", "ann", "our secret");
                String asked = page.awaitJoinError();
                assertTrue(asked.contains("may not be the room you mean"), asked);
                page.driver().findElement(By.id("join-without-password")).click();
                page.awaitUsers(List.of("ann", "mallory"));
            }
        }
    }
}
