package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Invite links of a sealed room in real Chromium, each person a fresh profile: alice makes a link in the Invite
 * panel, and whoever opens it joins with no typing and reads the history; the link's secrets leave the address bar at
 * once; a revoked link, and any link made before the password changed, fail with a clear message.
 */
class InviteLinkIT {
    private static final String PASSWORD = "moss under the old bridge";
    private static final String FINGERPRINT = "3a7f0c1d2e3f405162738495a6b7c8d9eaf0112233445566778899aabbccddee";

    @TempDir
    Path directory;
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
            """);

    private ChatPage browser(String name) {
        return ChatPage.open(directory.resolve("profiles"), server.page(), name);
    }

    /** A browser with a fresh profile whose first page is {@code link}: no join form visited before. */
    private ChatPage opening(String name, String link) {
        ChatPage page = new ChatPage(Chromium.start(directory.resolve("profiles")), name);
        page.driver().get(link);
        return page;
    }

    /** Makes a link in alice's Invite panel and returns it (a new one, different from {@code previous}). */
    private static String makeLink(ChatPage alice, String previous) {
        alice.await("the Invite button", d -> d.findElement(By.id("invite-button")).isDisplayed());
        if (!alice.driver().findElement(By.id("invite-panel")).isDisplayed()) {
            alice.driver().findElement(By.id("invite-button")).click();
        }
        alice.driver().findElement(By.id("invite-create")).click();
        return alice.await("a new invite link", d -> {
            String link = d.findElement(By.id("invite-link")).getDomProperty("value");
            return link != null && link.contains("#join=") && !link.equals(previous) ? link : null;
        });
    }

    private static String address(ChatPage page) {
        return (String) page.script("return location.href;");
    }

    @Test
    void aFreshBrowserOpensTheLinkJoinsWithNoTypingAndReadsTheHistory() {
        try (ChatPage alice = browser("alice")) {
            alice.join("vault", "alice", PASSWORD); // created by the page: a password, encryption required
            alice.send("written before bob was invited").awaitMessage("written before bob was invited");
            String link = makeLink(alice, null);
            assertTrue(link.startsWith(server.page() + "#join=vault&"), link);
            assertFalse(link.contains(PASSWORD), "a link never carries the password");

            try (ChatPage bob = opening("bob", link + "&fp=" + FINGERPRINT)) {
                bob.awaitRoomShown("vault");
                bob.awaitMessage("written before bob was invited");
                String shown = address(bob);
                assertFalse(shown.contains("t="), "the token left the address bar: " + shown);
                assertTrue(shown.endsWith("#room=vault"), shown);
                String certificate = bob.await("the link's certificate beside the connection", d -> {
                    String text = d.findElement(By.id("link-certificate")).getText();
                    return text.contains("names none") ? text : null;
                });
                assertTrue(certificate.contains("3A:7F:0C:1D"), certificate);
                bob.send("bob is in").awaitMessage("bob is in");
                alice.awaitMessage("bob is in");
            }
        }
    }

    @Test
    void aRevokedLinkAndALinkFromBeforeThePasswordChangedFailWithAClearMessage() {
        try (ChatPage alice = browser("alice")) {
            alice.join("vault", "alice", PASSWORD);
            String revoked = makeLink(alice, null);
            String beforeRotation = makeLink(alice, revoked);
            alice.await("two live invites", d -> d.findElements(By.cssSelector("#invite-list button[data-invite-id]"))
                    .size() == 2);
            alice.driver().findElements(By.cssSelector("#invite-list button[data-invite-id]")).get(0).click();
            alice.await("one live invite", d -> d.findElements(By.cssSelector("#invite-list button[data-invite-id]"))
                    .size() == 1);

            try (ChatPage carol = opening("carol", revoked)) {
                String error = carol.awaitJoinError();
                assertTrue(error.contains("does not work any more"), error);
                assertFalse(address(carol).contains("t="), "a failed link leaves the address bar too");

                alice.driver().findElement(By.id("room-settings-button")).click();
                alice.await("the room settings", d -> d.findElement(By.id("settings-password")).isDisplayed());
                alice.driver().findElement(By.id("settings-password")).sendKeys("a brand new password");
                alice.driver().findElement(By.id("settings-save")).click();
                alice.awaitNotice("password");

                carol.driver().get("about:blank"); // a fresh document each time: no answer left from before
                carol.driver().get(beforeRotation);
                carol.await("the old link refused", d -> d.findElement(By.id("join-error")).getText()
                        .contains("password changed"));

                String fresh = makeLink(alice, beforeRotation);
                carol.driver().get("about:blank");
                carol.driver().get(fresh);
                carol.awaitRoomShown("vault");
                assertEquals("vault", carol.driver().findElement(By.id("chat-title")).getText().toLowerCase());
            }
        }
    }
}
