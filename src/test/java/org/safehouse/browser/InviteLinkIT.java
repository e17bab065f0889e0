package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.safehouse.testing.InviteRequests;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * Invite links of a sealed room in real Chromium, each person a fresh profile. In most tests the room's creator,
 * alice, is a client of the protocol; whoever opens her link joins with no typing, the link's secrets leave the
 * address bar at once, and the page shows the link's certificate beside the connection. A page let in by a link
 * invites the next person from its Invite panel, with the room key it was given. A revoked link, and a link made
 * before the password was rotated, fail with a clear message. When a page creates the sealed room and writes in it
 * before inviting, the page that opens its link reads that history, opened in the browser with the link's key
 * (the server sends it only sealed).
 */
class InviteLinkIT {
    private static final String VERIFIER = "q1gXn2bHcJ8d7Tw0PZk3l9rVx5Yb6sNfMe4aUiOtGhA";
    private static final String FINGERPRINT = "3a7f0c1d2e3f405162738495a6b7c8d9eaf0112233445566778899aabbccddee";
    private static final String ROOM_KEY = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    private static final long DAY = 86_400_000;
    /** The password of a sealed room a page creates: strong enough for the page's rule. */
    private static final String PASSWORD = "Lanterns-at-dusk, 4711 of them!";
    /** Records every frame a page receives in {@code window.__received}; runs before the page's own scripts. */
    private static final String RECORDER = """
            (() => {
              const Native = window.WebSocket;
              window.__received = [];
              window.WebSocket = class extends Native {
                constructor(...args) {
                  super(...args);
                  this.addEventListener('message', (event) => window.__received.push(String(event.data)));
                }
              };
            })();
            """;

    @TempDir
    Path directory;
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
            """);

    /** alice, in the sealed room vault she created, with proven keys. */
    private WsTestClient alice() {
        WsTestClient alice = server.connect();
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        alice.send(InviteRequests.joinWithKeys("vault", "alice", keys, VERIFIER));
        String challenge = alice.awaitType("Challenge").getString("challenge");
        TestIdentity.prove(alice, "vault", keys.sign(challenge, "vault", "alice"));
        alice.awaitType("Joined");
        return alice;
    }

    /** A new invite of alice's, as the link a page would build from it. */
    private String invite(WsTestClient alice, int uses) {
        alice.send(InviteRequests.createInvite("vault", uses, DAY));
        JsonObject invite = alice.awaitType("Invite");
        return server.page() + "#join=vault&k=" + ROOM_KEY + "&t=" + invite.getString("token");
    }

    /** A browser with a fresh profile whose first page is {@code link}. */
    private ChatPage opening(String name, String link) {
        ChatPage page = new ChatPage(Chromium.start(directory.resolve("profiles")), name);
        page.driver().get(link);
        return page;
    }

    /**
     * Like {@link #opening}, the browser recording every frame the page receives ({@code window.__received}), by a
     * script that runs before the page's own.
     */
    private ChatPage openingRecordingFrames(String name, String link) {
        ChatPage page = new ChatPage(Chromium.start(directory.resolve("profiles")), name);
        try {
            page.driver().executeCdpCommand("Page.enable", Map.of());
            page.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORDER));
            page.driver().get(link);
            return page;
        } catch (RuntimeException | Error e) {
            page.close();
            throw e;
        }
    }

    private static void awaitInRoom(ChatPage page) {
        page.await("the sealed room shown", d -> d.findElement(By.id("chat-view")).isDisplayed()
                && "vault".equals(d.findElement(By.id("chat-title")).getText()));
    }

    private static String address(ChatPage page) {
        return (String) page.script("return location.href;");
    }

    @Test
    void aFreshBrowserJoinsByTheLinkWithNoTypingAndInvitesTheNextPersonFromItsPanel() {
        try (WsTestClient alice = alice();
             ChatPage bob = opening("bob", invite(alice, 1) + "&fp=" + FINGERPRINT)) {
            awaitInRoom(bob);
            bob.await("alice among the people", d -> bob.users().contains("alice"));
            String shown = address(bob);
            assertFalse(shown.contains("t=") || shown.contains("k="), "the secrets left the address bar: " + shown);
            assertTrue(shown.endsWith("#room=vault"), shown);
            String certificate = bob.await("the link's certificate beside the connection", d -> {
                String text = d.findElement(By.id("link-certificate")).getText();
                return text.contains("names none") ? text : null;
            });
            assertTrue(certificate.contains("3A:7F:0C:1D"), certificate);

            bob.await("the Invite button of a sealed room", d -> d.findElement(By.id("invite-button")).isDisplayed());
            bob.driver().findElement(By.id("invite-button")).click();
            bob.driver().findElement(By.id("invite-create")).click();
            String link = bob.await("bob's link", d -> {
                String value = d.findElement(By.id("invite-link")).getDomProperty("value");
                return value != null && value.contains("#join=vault&") ? value : null;
            });
            assertTrue(link.contains("&k=" + ROOM_KEY + "&"), "bob hands on the room key his link gave him: " + link);
            assertFalse(link.contains(VERIFIER), "a link never carries the password");
            bob.await("bob's invite in his list", d -> d.findElements(By.cssSelector(
                    "#invite-list button[data-invite-id]")).size() == 1);

            try (ChatPage carol = opening("carol", link)) {
                awaitInRoom(carol);
                alice.await(f -> "Presence".equals(WsTestClient.type(f))
                        && f.getJsonArray("joined").toString().contains("guest-"));
            }
        }
    }

    @Test
    void whoeverOpensALinkReadsWhatWasSealedBeforeTheInviteOpenedInTheBrowser() {
        String secret = "written before the invite " + UUID.randomUUID();
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice")) {
            alice.driver().findElement(By.id("join-sealed")).click();
            alice.join("vault", "alice", PASSWORD);
            alice.send(secret);
            alice.awaitMessage(secret);

            alice.await("the Invite button of a sealed room", d -> d.findElement(By.id("invite-button")).isDisplayed());
            alice.driver().findElement(By.id("invite-button")).click();
            alice.driver().findElement(By.id("invite-create")).click();
            String link = alice.await("alice's link", d -> {
                String value = d.findElement(By.id("invite-link")).getDomProperty("value");
                return value != null && value.contains("#join=vault&") ? value : null;
            });

            try (ChatPage bob = openingRecordingFrames("bob", link)) {
                awaitInRoom(bob);
                bob.awaitMessage(secret);
                assertEquals(List.of("sealed"), bob.messageLabels(secret),
                        "opened with the key the link brought, and signed by alice's key");
                String joined = (String) bob.script("""
                        return window.__received.find((text) => {
                          try { return JSON.parse(text).msgType === 'Joined'; } catch { return false; }
                        }) || '';
                        """);
                JsonObject earlier = Json.createReader(new StringReader(joined)).readObject()
                        .getJsonArray("history").getJsonObject(0);
                assertTrue(earlier.containsKey("sealed") && !earlier.containsKey("text"),
                        "the server sent the history sealed: " + earlier);
                assertFalse(joined.contains(secret), "and nothing of its text");
                assertFalse(server.output().contains(secret), "nor did the server log it");
            }
        }
    }

    @Test
    void aRevokedLinkAndALinkFromBeforeTheRotationFailWithAClearMessage() {
        try (WsTestClient alice = alice()) {
            String revoked = invite(alice, 5);
            String beforeRotation = invite(alice, 5);
            alice.send(InviteRequests.listInvites("vault"));
            String firstId = alice.awaitType("Invites").getJsonArray("invites").getJsonObject(0)
                    .getString("inviteId");
            alice.send(InviteRequests.revokeInvite("vault", firstId));
            alice.awaitType("Invites");

            try (ChatPage carol = opening("carol", revoked)) {
                String error = carol.awaitJoinError();
                assertTrue(error.contains("does not work any more"), error);
                assertFalse(address(carol).contains("t="), "a refused link leaves the address bar too");

                alice.send(InviteRequests.rotate("vault", VERIFIER + "2", "bmV3IHNhbHQgMTYgYnl0ZQ=="));
                alice.awaitType("Settings");
                carol.driver().get("about:blank"); // a fresh document: no answer left from before
                carol.driver().get(beforeRotation);
                String afterRotation = carol.awaitJoinError();
                assertTrue(afterRotation.contains("password changed"), afterRotation);

                String fresh = invite(alice, 1);
                carol.driver().get("about:blank");
                carol.driver().get(fresh);
                awaitInRoom(carol);
            }
        }
    }
}
