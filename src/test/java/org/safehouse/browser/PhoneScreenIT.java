package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.safehouse.testing.WsTestClient;

/**
 * The page on a phone-sized screen (390 x 800 CSS pixels): nothing scrolls sideways, even with a long unbroken word
 * in a message; the message box stays on screen; the people list is a panel opened with its button, from which a
 * private conversation starts. A screenshot is kept in target/browser-artifacts.
 */
class PhoneScreenIT {
    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.gardenForEachTest();

    @Test
    void theChatFitsAPhoneScreen() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             WsTestClient bob = server.connect()) {
            alice.driver().manage().window().setSize(new Dimension(390, 800));
            alice.await("a phone-sized viewport", d -> ((Number) alice.script("return window.innerWidth;"))
                    .intValue() <= 400);
            alice.join("garden", "alice", "tulips in spring");
            bob.joinAndWait("garden", "bob", "tulips in spring");
            String longWord = "https://example.invalid/" + "a".repeat(300);
            bob.broadcast("garden", "A long one: " + longWord);
            alice.awaitMessage("A long one: " + longWord);
            alice.send("Reading this on my phone");

            assertTrue(alice.script("return document.documentElement.scrollWidth <= window.innerWidth;")
                    .equals(Boolean.TRUE), "nothing scrolls sideways: scrollWidth "
                    + alice.script("return document.documentElement.scrollWidth;"));
            assertTrue(alice.script("const r = document.getElementById('composer-input').getBoundingClientRect();"
                    + " return r.top >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;")
                    .equals(Boolean.TRUE), "the message box is on screen");

            assertFalse(alice.driver().findElement(By.id("users-panel")).isDisplayed(),
                    "the people list is folded away on a phone");
            alice.driver().findElement(By.id("toggle-users")).click();
            alice.await("the people panel", d -> d.findElement(By.id("users-panel")).isDisplayed());
            assertEquals(List.of("alice", "bob"), alice.users());
            alice.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("phone-people-panel.png"));
            alice.openConversation("bob");
            assertEquals(ChatPage.conversationView("garden", "bob"), alice.roomListViews().stream()
                    .filter(view -> view.equals(ChatPage.conversationView("garden", "bob"))).findFirst()
                    .orElse("none"), "the conversation with bob is listed");
            alice.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("phone-conversation.png"));
        }
    }
}
