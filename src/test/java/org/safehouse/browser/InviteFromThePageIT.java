package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * An invite link end to end in real Chromium, each person a fresh profile, against the WAR run with {@code java -jar}
 * and SQLite history. alice's page creates a sealed room with a password it generated, she writes, and she invites
 * from the room's Invite panel. bob opens her link and types nothing: he reads what she wrote before he came (opened
 * in his page with the link's key), writes back, and after a reload comes back without any password (the server
 * admits his browser's key). The link's room key never reaches the server: not its log, its files or its heap. Its
 * token is made by the server and kept there only as a hash.
 */
class InviteFromThePageIT {
    @TempDir
    Path directory;
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"server_name": "Safehouse invite test", "data_dir": "data", "history_storage": "sqlite",
             "limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
            """);

    private static String unique(String label) {
        return label + "-" + UUID.randomUUID();
    }

    @Test
    void aLinkFromThePageThatMadeTheRoomLetsAFreshBrowserReadWriteAndComeBackWhileTheKeyNeverReachesTheServer()
            throws Exception {
        String before = unique("canary-written-before-the-invite");
        String reply = unique("reply-by-the-link");
        String afterReload = unique("written-after-the-reload");
        String control = unique("canary-plain-room");
        Path profiles = directory.resolve("profiles");
        try (ChatPage alice = ChatPage.open(profiles, server.page(), "alice")) {
            String password = SealedJoinForm.createWithGeneratedPassword(alice, "vault", "alice");
            alice.send(before);
            alice.awaitMessage(before);

            InvitePanel invites = InvitePanel.of(alice);
            String link = invites.makeLink("5", "7 days");
            assertTrue(invites.status().startsWith("Link made: 5 uses"), invites.status());
            invites.close();
            Map<String, String> fragment = fragmentOf(link);
            String roomKey = fragment.get("k");
            String token = fragment.get("t");
            assertEquals("vault", fragment.get("join"), link);
            assertTrue(roomKey != null && roomKey.length() == 43, "the link carries the room key: " + link);
            assertTrue(token != null && token.length() == 43, "and a token: " + link);
            assertFalse(link.contains(password), "a link never carries the password");

            String bobNick;
            try (ChatPage bob = new ChatPage(Chromium.start(profiles), "bob")) {
                bob.driver().get(link);
                bob.awaitRoomShown("vault"); // no typing
                assertEquals(List.of("sealed"), labelsOf(bob, before), "alice's earlier message, opened in bob's page");
                assertFalse(address(bob).contains(token) || address(bob).contains(roomKey),
                        "the secrets left the address bar: " + address(bob));
                bob.send(reply);
                ChatPage.Message read = alice.awaitMessage(reply);
                bobNick = read.sender();
                assertTrue(bobNick.startsWith("guest-"), "bob came in under a guest name: " + bobNick);
                assertEquals(List.of("sealed"), alice.messageLabels(reply), "signed by bob's key");

                // A reload: the link is gone from the address bar, and its use is spent; the room key is kept.
                bob.driver().navigate().refresh();
                bob.await("the join form after the reload", d -> d.findElement(By.id("join-form")).isDisplayed());
                alice.awaitUsers(List.of("alice")); // bob's old connection is gone, so his name is free
                bob.submitJoin("vault", bobNick, ""); // the nickname typed, no password
                bob.awaitRoomShown("vault");
                assertEquals(List.of("sealed"), labelsOf(bob, before), "the history is readable after the reload");
                bob.awaitMessage(reply);
                bob.send(afterReload);
                assertEquals(bobNick, alice.awaitMessage(afterReload).sender());
            }

            invites.open(); // one use of five taken
            alice.await("bob's use counted in alice's invite list (it shows " + invites.liveInvites() + ")",
                    d -> invites.liveInvites().stream().anyMatch(line -> line.contains("4 of 5 uses left")));
            invites.close();

            alice.joinAnotherRoom("plaza", "alice", "");
            alice.send(control); // an ordinary room's message: the server must have it, which shows the search works

            Path data = server.directory().resolve("data");
            String tokenHash = sha256Hex(token);
            ServerTraces.awaitInFiles(data, control);
            ServerTraces.awaitInFiles(data, tokenHash); // the invite is kept, as the hash of its token
            for (String secret : List.of(roomKey, token, before, password)) {
                assertFalse(ServerTraces.filesContain(data, secret), "not in the server's files: " + secret);
            }
            // The token is not looked for in the heap: the server makes it (CreateInvite) and reads it in bob's Join,
            // so a copy may linger in memory until overwritten; what it keeps is the hash (its files, above).
            byte[] heap = ServerTraces.heapDump(server.pid(), directory.resolve("server.hprof"));
            assertTrue(HeapSearch.contains(heap, control), "the control text is found in the heap dump");
            assertTrue(HeapSearch.contains(heap, tokenHash), "and the invite's token hash");
            for (String secret : List.of(roomKey, standardBase64(roomKey), before, password)) {
                assertFalse(HeapSearch.contains(heap, secret), "the server's memory never held " + secret);
            }
            assertTrue(HeapSearch.indexOf(heap, Base64.getUrlDecoder().decode(roomKey)) < 0,
                    "nor the room key's bytes");
            String output = server.output();
            assertTrue(output.contains("Safehouse listening on http://127.0.0.1:" + server.port() + "/"),
                    "the server's output is captured: " + output);
            for (String secret : List.of(roomKey, token, before, password)) {
                assertFalse(output.contains(secret), "not in the server's log: " + secret);
            }
        }
    }

    // ---- helpers ----

    /** The labels of a message of the room shown, once it shows. */
    private static List<String> labelsOf(ChatPage page, String text) {
        page.awaitMessage(text);
        return page.messageLabels(text);
    }

    private static String address(ChatPage page) {
        return (String) page.script("return location.href;");
    }

    /** The parameters of a link's fragment (#join=…&k=…&t=…), decoded. */
    private static Map<String, String> fragmentOf(String link) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : URI.create(link).getRawFragment().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    /** The key as standard base64, the other form a program might have turned it into. */
    private static String standardBase64(String base64Url) {
        return Base64.getEncoder().withoutPadding().encodeToString(Base64.getUrlDecoder().decode(base64Url));
    }

    /** What the server keeps of a token: lowercase hex SHA-256 of its characters (docs/PROTOCOL.md "Invites"). */
    private static String sha256Hex(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
