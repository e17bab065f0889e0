package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WindowType;
import org.safehouse.testing.WsTestClient;

/**
 * While the chat's tab is in the background (the reader opened another tab), messages from others are counted in its
 * title; coming back to the tab clears the count.
 */
class TabTitleIT {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.gardenForEachTest();

    @Test
    void aHiddenTabCountsNewMessagesInItsTitle() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             WsTestClient bob = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            bob.joinAndWait("garden", "bob", "tulips in spring");
            bob.broadcast("garden", "seen while reading");
            alice.awaitMessage("seen while reading");
            assertEquals("The garden · Safehouse", alice.title(), "no count while the tab is read");

            String chatTab = alice.driver().getWindowHandle();
            alice.driver().switchTo().newWindow(WindowType.TAB);
            bob.broadcast("garden", "one while away");
            bob.broadcast("garden", "two while away");
            alice.await("the background tab's title to count two", d -> "(2) The garden · Safehouse"
                    .equals(titleOf(alice, "Safehouse")));

            alice.driver().close();
            alice.driver().switchTo().window(chatTab);
            alice.await("the count to clear on return", d -> "The garden · Safehouse".equals(alice.title()));
            alice.awaitMessage("two while away");
        }
    }

    /** The title of the first page target whose title contains {@code fragment}, read through DevTools. */
    @SuppressWarnings("unchecked")
    private static String titleOf(ChatPage page, String fragment) {
        Map<String, Object> targets = page.driver().executeCdpCommand("Target.getTargets", Map.of());
        for (Map<String, Object> target : (List<Map<String, Object>>) targets.get("targetInfos")) {
            String title = String.valueOf(target.get("title"));
            if ("page".equals(target.get("type")) && title.contains(fragment)) {
                return title;
            }
        }
        return null;
    }
}
