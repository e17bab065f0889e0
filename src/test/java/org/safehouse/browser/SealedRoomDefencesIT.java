package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.safehouse.testing.WsTestClient;

/**
 * What the page does for a sealed room against a weak password and a hostile network, in real Chromium browsers
 * (each a fresh profile) against the WAR run with {@code java -jar}: the join form refuses a weak password for a new
 * sealed room and offers a generated secret that a second profile then joins with; a sealed message whose ciphertext
 * the network changed, or that it says another member sent (played by src/test/resources/browser/
 * untrusted-network.js), is shown as a message that does not open, never as its text.
 */
class SealedRoomDefencesIT {
    private static final String PASSWORD = "Lanterns-at-dusk, 4711 of them!";
    private static final String GENERATED = "[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){4}";
    private static final String DOES_NOT_OPEN =
            "A sealed message that does not open with this room's key: changed on the way, or not from this room.";

    @TempDir
    Path directory;
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
                {"server_name": "Safehouse sealed defences test",
                 "limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
                """);

    private URI page() {
        return server.page();
    }

    private ChatPage browser(String name) {
        return ChatPage.open(directory.resolve("profiles"), page(), name);
    }

    @Test
    void aWeakPasswordIsRefusedForANewSealedRoomAndAGeneratedSecretWorksForASecondProfile() {
        try (ChatPage alice = browser("alice");
             WsTestClient observer = server.connect()) {
            chooseSealed(alice);
            alice.submitJoin("vault", "alice", "password1234");
            alice.await("the password rule's verdict", d -> d.findElement(By.id("join-strength")).getText()
                    .startsWith("Too easy to guess"));
            assertTrue(alice.driver().findElement(By.id("join-form")).isDisplayed(), "still on the join form");
            assertEquals(0, alice.count("#room-list button[data-view]"), "no room joined");
            assertFalse(sealInfo(observer, "vault").getBoolean("sealed"), "no sealed room was made");

            alice.driver().findElement(By.id("join-generate")).click();
            String secret = alice.fieldValue("join-password");
            assertTrue(secret.matches(GENERATED), "20 symbols from 32 in groups of four: " + secret);
            assertEquals("text", alice.driver().findElement(By.id("join-password")).getDomProperty("type"),
                    "shown, to be written down");
            assertTrue(alice.driver().findElement(By.id("join-copy")).isDisplayed(), "with a copy button");
            assertTrue(alice.driver().findElement(By.id("join-strength")).getText().startsWith("Strong enough"));
            alice.driver().findElement(By.id("join-submit")).click();
            alice.awaitRoomShown("vault");
            assertTrue(alice.pageText().contains("Sealed room"), "the room says it is sealed");
            assertTrue(sealInfo(observer, "vault").getBoolean("sealed"), "the server holds a sealed room");
            alice.send("Written under the generated secret");

            try (ChatPage bob = browser("bob")) {
                bob.join("vault", "bob", secret);
                bob.awaitMessage("Written under the generated secret");
                assertEquals(List.of("sealed"), bob.messageLabels("Written under the generated secret"));
                bob.send("Read it, and answered");
                alice.awaitMessage("Read it, and answered");
                assertEquals(List.of("sealed"), alice.messageLabels("Read it, and answered"));
            }
        }
    }

    @Test
    void aSealedMessageChangedOrReattributedOnTheWayIsShownAsNotOpeningNeverAsItsText() {
        try (ChatPage alice = browser("alice"); ChatPage carol = browser("carol");
             ChatPage bob = UntrustedNetwork.open(directory.resolve("profiles"), page(), "bob")) {
            chooseSealed(alice);
            alice.join("vault", "alice", PASSWORD);
            bob.join("vault", "bob", PASSWORD);
            carol.join("vault", "carol", PASSWORD);
            bob.awaitUsers(List.of("alice", "bob", "carol"));
            alice.send("Untouched words");
            bob.awaitMessage("Untouched words");
            assertEquals(List.of("sealed"), bob.messageLabels("Untouched words"), "signed by alice's key");

            UntrustedNetwork.flipNextSealed(bob);
            alice.send("Words the network changed");
            carol.awaitMessage("Words the network changed"); // another member's network is honest
            bob.await("the changed message shown as not opening", d -> unreadable(bob) == 1);

            UntrustedNetwork.reattributeNextSealed(bob, "carol");
            alice.send("Alice wrote this, not carol");
            carol.awaitMessage("Alice wrote this, not carol");
            bob.await("the re-attributed message shown as not opening", d -> unreadable(bob) == 2);
            bob.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("sealed-message-tampered.png"));

            alice.send("Still talking");
            bob.awaitMessage("Still talking");
            assertEquals(2, UntrustedNetwork.tampered(bob));
            assertEquals(List.of(
                    List.of("alice", "Untouched words"),
                    List.of("alice", DOES_NOT_OPEN),
                    List.of("carol", DOES_NOT_OPEN), // the sender and the room are bound into what alice sealed
                    List.of("alice", "Still talking")),
                    bob.messages().stream().map(m -> List.of(m.sender(), m.text())).toList());
            String everything = bob.allText();
            assertFalse(everything.contains("Words the network changed"), "a changed message is not shown");
            assertFalse(everything.contains("Alice wrote this, not carol"), "nor one under another sender");
        }
    }

    // ---- helpers ----

    /** Ticks "Create a sealed room" on the join form, which shows the password rule and the generate button. */
    private static void chooseSealed(ChatPage page) {
        page.driver().findElement(By.id("join-sealed")).click();
        page.await("the sealed room's password help", d -> d.findElement(By.id("join-generate")).isDisplayed());
    }

    private static long unreadable(ChatPage page) {
        return page.count("ol.log:not([hidden]) li.message-sealed-unreadable");
    }

    /** SealInfo of a room, asked by a connection that joined nothing. */
    private static JsonObject sealInfo(WsTestClient client, String room) {
        client.send(Json.createObjectBuilder().add("msgType", "SealInfo").add("room", room).build().toString());
        return client.await(f -> "SealInfo".equals(WsTestClient.type(f)));
    }
}
