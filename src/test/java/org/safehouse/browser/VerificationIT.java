package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Verification that holds against the server, in real Chromium browsers (each a fresh profile: its own keys and
 * pins) against the WAR run with {@code java -jar}: the 60-digit safety number is the same on both sides, one page
 * scans the other's QR code through Chromium's fake camera (fed a picture of what the other page shows), the
 * verified mark survives a reload, a verified contact's new key blocks sending until verified again, and a plain
 * private message forged under a verified name (played by src/test/resources/browser/untrusted-network.js) is a
 * warning, never a line of the conversation.
 */
class VerificationIT {
    private static final String PASSWORD = "green door at noon";

    @TempDir
    Path directory;
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
                {"server_name": "Safehouse verification test", "data_dir": "data",
                 "limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
                """);

    private URI page() {
        return server.page();
    }

    private ChatPage browser(String name) {
        return ChatPage.open(directory.resolve("profiles"), page(), name);
    }

    @Test
    void scanningTheOtherPagesQrCodeMarksTheConversationVerifiedAndTheMarkSurvivesAReload() {
        Path camera = directory.resolve("camera.y4m");
        try (ChatPage alice = browser("alice");
             ChatPage bob = ChatPage.openWithScript(directory.resolve("profiles"), page(), "bob", null,
                     FakeCamera.arguments(camera))) {
            ChatPage.joinAndOpenConversation("garden", PASSWORD, alice, "alice", bob, "bob");
            String number = alice.safetyNumber();
            assertEquals(number, bob.safetyNumber(), "both sides show the same 60 digits");
            assertEquals(60, number.replace(" ", "").length());

            openVerifyPanel(alice);
            assertEquals(number, alice.driver().findElement(By.id("verify-digits")).getText(),
                    "the panel shows the number of the conversation");
            String qr = (String) alice.script("return document.getElementById('verify-qr').src");
            assertTrue(qr.startsWith("data:image/gif;base64,"), "the QR code is drawn in the page: " + qr);
            FakeCamera.showImage(qr, camera); // bob's camera now films alice's screen

            openVerifyPanel(bob);
            bob.driver().findElement(By.id("verify-scan")).click();
            String status = awaitVerifyStatus(bob, "match");
            assertTrue(status.contains("The codes match"), status);
            bob.awaitSecurityLine("verified");
            assertEquals("Verified ✓", bob.driver().findElement(By.id("verify-button")).getText());
            assertFalse(alice.securityLine().contains("verified:"), "alice has not verified bob yet: "
                    + alice.securityLine());
            bob.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("verified-by-qr.png"));

            bob.leavePageAndReturn(page()); // same profile: the mark is kept with the pin
            bob.join("garden", "bob", PASSWORD);
            bob.openConversation("alice");
            bob.awaitSecurityLine("End-to-end encrypted, verified");
        }
    }

    @Test
    void aScannedCodeOfAnotherConversationDoesNotVerify() {
        Path camera = directory.resolve("camera.y4m");
        try (ChatPage alice = browser("alice"); ChatPage carol = browser("carol");
             ChatPage bob = ChatPage.openWithScript(directory.resolve("profiles"), page(), "bob", null,
                     FakeCamera.arguments(camera))) {
            alice.join("yard", "alice", PASSWORD);
            bob.join("yard", "bob", PASSWORD);
            carol.join("yard", "carol", PASSWORD);
            carol.openConversation("bob");
            openVerifyPanel(carol);
            FakeCamera.showImage((String) carol.script("return document.getElementById('verify-qr').src"), camera);

            bob.openConversation("alice");
            openVerifyPanel(bob);
            bob.driver().findElement(By.id("verify-scan")).click();
            String status = awaitVerifyStatus(bob, "other-person");
            assertTrue(status.contains("someone else"), status);
            assertFalse(bob.securityLine().contains("verified:"), "carol's code does not verify alice: "
                    + bob.securityLine());
        }
    }

    @Test
    void aVerifiedContactsNewKeyBlocksSendingUntilTheNewNumberIsVerified() {
        try (ChatPage alice = browser("alice")) {
            alice.join("porch", "alice", PASSWORD);
            String before;
            try (ChatPage bob = browser("bob")) {
                bob.join("porch", "bob", PASSWORD);
                bob.openConversation("alice");
                alice.openConversation("bob");
                before = alice.safetyNumber();
                openVerifyPanel(alice);
                alice.driver().findElement(By.id("verify-compared")).click(); // "I compared the numbers"
                awaitVerifyStatus(alice, "match");
                alice.awaitSecurityLine("verified");
                alice.send("Hello, verified bob");
                bob.awaitMessage("Hello, verified bob");
            }
            alice.await("bob gone", d -> alice.users().equals(List.of("alice")));

            try (ChatPage impostor = browser("bob-with-new-keys")) {
                impostor.join("porch", "bob", PASSWORD);
                alice.awaitUsers(List.of("alice", "bob"));
                String warning = alice.awaitWarning("since you verified");
                assertTrue(warning.contains("verify the new safety number"), warning);
                alice.awaitSecurityLine("changed since you verified");
                assertFalse(alice.composerEnabled(), "nothing can be sent to a verified contact's new key");
                assertTrue(alice.composerPlaceholder().contains("until you verify bob again"),
                        alice.composerPlaceholder());
                assertFalse(alice.driver().findElement(By.id("accept-key")).isDisplayed(),
                        "accepting alone does not unblock a verified contact");
                String after = alice.safetyNumber();
                assertNotEquals(before, after, "a new key gives a new safety number");
                alice.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("verified-key-changed.png"));

                openVerifyPanel(alice);
                assertEquals(after, alice.driver().findElement(By.id("verify-digits")).getText(),
                        "the panel shows the new number to compare");
                alice.driver().findElement(By.id("verify-compared")).click();
                awaitVerifyStatus(alice, "match");
                alice.await("the composer enabled again", d -> alice.composerEnabled());
                alice.send("Hello, bob on a new browser");
                impostor.openConversation("alice");
                impostor.awaitMessage("Hello, bob on a new browser");
            }
        }
    }

    @Test
    void aPlainPrivateMessageForgedUnderAPinnedNameIsAWarningNotPartOfTheConversation() {
        try (ChatPage alice = browser("alice");
             ChatPage bob = UntrustedNetwork.open(directory.resolve("profiles"), page(), "bob")) {
            ChatPage.joinAndOpenConversation("cellar", PASSWORD, alice, "alice", bob, "bob");
            alice.send("The real alice");
            bob.awaitMessage("The real alice");

            assertTrue(UntrustedNetwork.forge(bob, Map.of(
                    "msgType", "PrivateMessage", "id", "9007199254740001", "room", "cellar",
                    "ts", System.currentTimeMillis(), "SrcUser", "alice", "text", "Forged: send me your password")));
            String warning = bob.awaitWarning("unencrypted message under the name");
            assertTrue(warning.contains("alice"), warning);
            bob.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("forged-plain-message.png"));
            assertFalse(bob.allText().contains("send me your password"), "the forged text is shown nowhere");
            assertEquals(List.of("The real alice"), bob.messages().stream().map(ChatPage.Message::text).toList(),
                    "the conversation holds only alice's encrypted message");
        }
    }

    private static void openVerifyPanel(ChatPage page) {
        page.await("the Verify button", d -> d.findElement(By.id("verify-button")).isDisplayed());
        if (!page.driver().findElement(By.id("verify-panel")).isDisplayed()) { // still open from before: keep it
            page.driver().findElement(By.id("verify-button")).click();
        }
        page.await("the verify panel with digits", d -> d.findElement(By.id("verify-panel")).isDisplayed()
                && d.findElement(By.id("verify-digits")).getText().matches("(\\d{5} ){11}\\d{5}"));
    }

    /** Waits for the verify panel's verdict ({@code match}, {@code other-person}, ...) and returns its words. */
    private static String awaitVerifyStatus(ChatPage page, String verdict) {
        page.await("the verify panel to say " + verdict + " (it says "
                        + page.driver().findElement(By.id("verify-status")).getText() + ")",
                d -> verdict.equals(d.findElement(By.id("verify-status")).getAttribute("data-verdict")));
        return page.driver().findElement(By.id("verify-status")).getText();
    }
}
