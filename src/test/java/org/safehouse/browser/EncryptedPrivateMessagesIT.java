package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.browser.ChatPage.Message;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * End-to-end encrypted private messages between real Chromium browsers (each a fresh profile, so its own keys in its
 * own IndexedDB), through the WAR run with {@code java -jar} and SQLite history on disk. What each test proves is in
 * its name; the malicious server or network is played by a script injected into the receiving browser
 * (src/test/resources/browser/untrusted-network.js, through {@link UntrustedNetwork}), and a stranger by a Java
 * WebSocket client with keys of its own.
 */
class EncryptedPrivateMessagesIT {
    private static final String PASSWORD = "lanterns at dusk";

    @TempDir
    Path directory;
    private ServerProcess server;

    // The Java clients connect before the browsers join; on a loaded machine three browser joins outlast the default
    // 10 s join timeout, which would close them (4001) before they join.
    @BeforeEach
    void startServer() throws IOException {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"server_name": "Safehouse E2E test", "data_dir": "data", "history_storage": "sqlite",
                 "limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
                """);
        server = ServerProcess.start(config);
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private URI page() {
        return server.http("/");
    }

    private ChatPage browser(String name) {
        return ChatPage.open(directory.resolve("profiles"), page(), name);
    }

    private static String unique(String label) {
        return label + "-" + UUID.randomUUID();
    }

    @Test
    void aPrivateMessageIsReadByItsTargetOnlyAndIsNeverOnTheServerInClear() throws Exception {
        String secret = unique("canary-private");
        String secretToObserver = unique("canary-to-java");
        String control = unique("canary-room");
        try (ChatPage alice = browser("alice"); ChatPage bob = browser("bob"); ChatPage carol = browser("carol");
             WsTestClient dave = WsTestClient.connect(server.webSocket("/chat"))) {
            alice.join("hideout", "alice", PASSWORD); // created by the page: private messages must be encrypted
            bob.join("hideout", "bob", PASSWORD);
            carol.join("hideout", "carol", PASSWORD);
            JsonObject joined = TestIdentity.create(TestIdentity.ECDSA).joinProven(dave, "hideout", "dave", PASSWORD);
            assertTrue(joined.getBoolean("requireEncryption"), "a room the web page creates requires encryption");
            for (String name : List.of("alice", "bob", "carol")) {
                assertTrue(joined.getJsonObject("keys").containsKey(name), name + " joined with keys: " + joined);
            }
            assertEquals("Ed25519", joined.getJsonObject("keys").getJsonObject("alice").getString("algorithm"),
                    "Chromium signs with Ed25519");
            alice.awaitUsers(List.of("alice", "bob", "carol", "dave"));

            bob.openConversation("alice");
            alice.openConversation("bob");
            String aliceSees = alice.safetyNumber();
            assertEquals(aliceSees, bob.safetyNumber(), "both sides compute the same safety number");
            alice.awaitSecurityLine("End-to-end encrypted");

            alice.send(secret);
            Message read = bob.awaitMessage(secret);
            assertEquals("alice", read.sender());
            assertEquals(List.of("end-to-end encrypted"), bob.messageLabels(secret));
            bob.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("encrypted-conversation.png"));
            Message own = alice.awaitMessage(secret); // from the local plaintext: the server's copy is ciphertext
            assertTrue(own.own());
            assertEquals(read.id(), own.id(), "the sender's copy is matched to the server's id");

            alice.openConversation("dave");
            alice.send(secretToObserver);
            JsonObject relayed = dave.await(f -> "PrivateMessage".equals(WsTestClient.type(f)));
            assertEquals("alice", relayed.getString("SrcUser"));
            assertFalse(relayed.containsKey("text"), "the server relays no text: " + relayed);
            for (String field : List.of("ciphertext", "iv", "signature", "clientMsgId")) {
                assertTrue(relayed.containsKey(field), "an encrypted message carries " + field + ": " + relayed);
            }
            assertFalse(relayed.toString().contains(secretToObserver), "no plaintext on the wire: " + relayed);

            alice.showRoom("hideout");
            alice.send(control); // a room message: the server must have this one, which proves the searches work
            carol.awaitMessage(control);
            dave.await(f -> "Broadcast".equals(WsTestClient.type(f)) && control.equals(f.getString("text", "")));
            for (String frame : dave.drainNow()) {
                assertFalse(frame.contains(secret), "a third member's connection carries nothing of it: " + frame);
            }
            assertFalse(carol.allText().contains(secret), "a third member's page shows nothing of it");
            assertFalse(carol.allText().contains(secretToObserver));

            Path data = directory.resolve("data");
            ServerTraces.awaitInFiles(data, control);
            assertFalse(ServerTraces.filesContain(data, secret), "the private message is not in the server's files");
            assertFalse(ServerTraces.filesContain(data, secretToObserver));

            byte[] heap = ServerTraces.heapDump(server.pid(), directory.resolve("server.hprof"));
            assertTrue(HeapSearch.contains(heap, control), "the control text is found in the heap dump");
            assertFalse(HeapSearch.contains(heap, secret), "the private message is not in the server's memory");
            assertFalse(HeapSearch.contains(heap, secretToObserver));

            String output = ServerTraces.capturedOutput(server); // the log was captured through the whole test
            assertTrue(output.contains("Safehouse \"Safehouse E2E test\" ready"), "the start-up line is in it");
            assertFalse(output.contains(secret) || output.contains(secretToObserver) || output.contains(control),
                    "the server's output holds no message text");
        }
    }

    @Test
    void aTamperedOrReplayedMessageIsRefusedAndShownAsAWarning() {
        try (ChatPage alice = browser("alice");
             ChatPage bob = UntrustedNetwork.open(directory.resolve("profiles"), page(), "bob")) {
            ChatPage.joinAndOpenConversation("den", PASSWORD, alice, "alice", bob, "bob");

            alice.send("Untouched words");
            bob.awaitMessage("Untouched words");

            UntrustedNetwork.armPrivate(bob, "flip");
            alice.send("Words the network changed");
            alice.awaitMessage("Words the network changed");
            String tampered = bob.awaitWarning("refused");
            bob.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("tampered-message.png"));
            assertTrue(tampered.contains("altered"), tampered);
            assertEquals(1L, UntrustedNetwork.tampered(bob));
            assertFalse(bob.allText().contains("Words the network changed"), "a tampered message is not shown");

            UntrustedNetwork.armPrivate(bob, "duplicate");
            alice.send("Said only once");
            bob.awaitMessage("Said only once");
            assertTrue(bob.awaitWarning("replay").contains("already delivered"));

            UntrustedNetwork.armPrivate(bob, "keep");
            alice.send("Said once more");
            bob.awaitMessage("Said once more");
            assertEquals(Boolean.TRUE, bob.script("return window.__untrustedNetwork.replayWithNewId()"));
            bob.await("a second replay warning",
                    d -> bob.warnings().stream().filter(w -> w.contains("replay")).count() == 2);

            alice.send("Still talking");
            bob.awaitMessage("Still talking");
            for (String text : List.of("Untouched words", "Said only once", "Said once more", "Still talking")) {
                assertEquals(1, bob.messages().stream().filter(m -> m.text().equals(text)).count(),
                        "shown exactly once: " + text + " in " + bob.messages());
            }
            assertEquals(3, bob.warnings().size(), "one warning per refused message: " + bob.warnings());
        }
    }

    @Test
    void aChangedKeyIsShownAndNothingIsEncryptedToItUntilAccepted() {
        try (ChatPage alice = browser("alice")) {
            alice.join("porch", "alice", PASSWORD);
            String before;
            try (ChatPage bob = browser("bob")) {
                bob.join("porch", "bob", PASSWORD);
                bob.openConversation("alice");
                alice.openConversation("bob");
                before = alice.safetyNumber();
                alice.send("Hello, first bob");
                bob.awaitMessage("Hello, first bob");
            }
            alice.await("bob gone", d -> alice.users().equals(List.of("alice")));

            try (ChatPage impostor = browser("bob-with-new-keys")) {
                impostor.join("porch", "bob", PASSWORD);
                alice.awaitUsers(List.of("alice", "bob"));
                String warning = alice.awaitWarning("key has changed");
                assertTrue(warning.contains("safety number"), warning);
                assertEquals("key changed", alice.peerLabel("bob"), "the people list marks bob");
                String changedLine = alice.awaitSecurityLine("key changed");
                assertFalse(alice.composerEnabled(), "nothing can be sent to a changed key: " + changedLine);
                String after = alice.safetyNumber();
                alice.screenshot(TwoBrowsersChatIT.ARTIFACTS.resolve("changed-key.png"));
                assertNotEquals(before, after, "a new key gives a new safety number");

                impostor.openConversation("alice");
                assertEquals(after, impostor.safetyNumber(), "the new number is what the new bob sees");

                alice.acceptNewKey();
                alice.awaitSecurityLine("End-to-end encrypted");
                assertEquals("", alice.peerLabel("bob"));
                alice.send("Hello, new bob");
                impostor.awaitMessage("Hello, new bob");
                assertFalse(impostor.allText().contains("Hello, first bob"),
                        "the new keys cannot read what was sent to the old ones");
            }
        }
    }

    @Test
    void aMessageToSomeoneAwayIsQueuedAndReadWhenTheyComeBack() {
        try (ChatPage alice = browser("alice"); ChatPage bob = browser("bob")) {
            ChatPage.joinAndOpenConversation("attic", PASSWORD, alice, "alice", bob, "bob");
            alice.send("Before you left");
            bob.awaitMessage("Before you left");

            bob.leavePageAndReturn(page()); // same browser profile: same keys
            alice.await("bob away", d -> alice.users().equals(List.of("alice")));
            alice.await("the composer open for a message that waits", d -> alice.composerEnabled());
            assertTrue(alice.composerPlaceholder().contains("away"), alice.composerPlaceholder());
            alice.send("While you were out");
            alice.awaitMessage("While you were out");
            alice.await("the message shown as queued", d -> alice.messageLabels("While you were out").stream()
                    .anyMatch(label -> label.startsWith("queued")));

            bob.join("attic", "bob", PASSWORD);
            bob.showConversation("attic", "alice");
            bob.awaitMessage("While you were out");
            bob.awaitMessage("Before you left"); // kept by the server, delivered again, still not a replay
            assertEquals(List.of(), bob.warnings());
            assertEquals(List.of("end-to-end encrypted"), bob.messageLabels("While you were out"));

            // Leaving and joining again on the same connection: the server sends what it keeps again; not a replay.
            bob.joinAnotherRoom("cellar", "bob", PASSWORD);
            bob.leaveRoom("attic");
            bob.joinAnotherRoom("attic", "bob", PASSWORD);
            bob.showConversation("attic", "alice");
            bob.awaitMessage("While you were out");
            bob.awaitMessage("Before you left");
            alice.send("Welcome back");
            bob.awaitMessage("Welcome back");
            assertEquals(List.of(), bob.warnings());
            assertEquals(3, bob.messages().size(), "each shown once: " + bob.messages());
        }
    }

    @Test
    void aMessageHeldBackUntilAfterALaterOneShowsItsSignedTimeAndIsMarkedLateAfterAReload() {
        try (ChatPage alice = browser("alice");
             ChatPage bob = UntrustedNetwork.open(directory.resolve("profiles"), page(), "bob")) {
            ChatPage.joinAndOpenConversation("loft", PASSWORD, alice, "alice", bob, "bob");
            alice.send("Written first");
            alice.send("Written second");
            String first = alice.awaitMessage("Written first").id();
            bob.awaitMessage("Written first");
            bob.awaitMessage("Written second");

            // After a reload the server delivers what it keeps again; the network withholds the older message.
            bob.leavePageAndReturn(page()); // same profile and keys; the page remembers no times
            UntrustedNetwork.rewrite(bob, "PrivateMessage", """
                    (frame) => {
                      if (frame.id !== '%s') return frame;
                      window.__untrustedNetwork.heldBack = frame;
                      return null;
                    }""".formatted(first));
            bob.join("loft", "bob", PASSWORD);
            bob.showConversation("loft", "alice");
            bob.awaitMessage("Written second");
            assertFalse(bob.allLogsText().contains("Written first"), "held back by the network");
            assertEquals(List.of("end-to-end encrypted"), bob.messageLabels("Written second"));

            // Delivered after the later one, and stamped by the server an hour after it was really relayed.
            bob.showRoom("loft");
            long relayedAt = ((Number) bob.script("""
                    const network = window.__untrustedNetwork;
                    const held = network.heldBack;
                    network.forge({ ...held, ts: held.ts + 3600000 });
                    return held.ts;""")).longValue();
            bob.await("the held-back message in the conversation's log",
                    d -> bob.allLogsText().contains("Written first"));
            assertEquals(0, bob.unreadInRoomList(ChatPage.conversationView("loft", "alice")),
                    "a message delivered late is not announced as new");
            bob.showConversation("loft", "alice");
            assertEquals(List.of("Written second", "Written first"),
                    bob.messages().stream().map(Message::text).toList(), "in the order they came");
            List<String> labels = bob.messageLabels("Written first");
            assertTrue(labels.contains("older message, delivered late: written before one already shown"),
                    labels::toString);
            assertEquals(1, bob.count("ol.log:not([hidden]) li.message .message-label-late"), "only that one is late");
            long shown = Instant.parse((String) bob.script("""
                    const item = [...document.querySelectorAll('ol.log:not([hidden]) li.message')]
                        .find(li => li.querySelector('.message-text').textContent === 'Written first');
                    return item.querySelector('time').getAttribute('datetime');""")).toEpochMilli();
            assertTrue(shown <= relayedAt && shown > relayedAt - 30_000,
                    "the time alice's page signed (before the server relayed it at " + relayedAt + "), not the "
                            + "server's claimed time: " + shown);
            assertEquals(List.of(), bob.warnings(), "a late message is shown, not refused");
            assertEquals(1, UntrustedNetwork.tampered(bob));
        }
    }

    @Test
    void plainPrivateMessagesWithARagnarokClientStillWorkAndAreMarkedNotEncrypted() {
        try (ChatPage alice = browser("alice");
             WsTestClient ragnarok = WsTestClient.connect(server.webSocket("/ragnarok"))) {
            alice.join("lobby", "alice", ""); // the default room: it does not require encryption
            ragnarok.send("any password").send("oldtimer");
            ragnarok.await(f -> "OnlineUsers".equals(WsTestClient.type(f)));
            alice.awaitUsers(List.of("alice", "oldtimer"));
            assertEquals("not encrypted", alice.peerLabel("oldtimer"));

            ragnarok.send("{\"msgType\":\"PrivateMessage\",\"TgtUser\":\"alice\",\"text\":\"Greetings from the past\"}");
            alice.showConversation("lobby", "oldtimer");
            alice.awaitMessage("Greetings from the past");
            assertEquals(List.of("not encrypted"), alice.messageLabels("Greetings from the past"));
            alice.awaitSecurityLine("Not encrypted");
            assertTrue(alice.composerPlaceholder().contains("NOT encrypted"), alice.composerPlaceholder());

            alice.send("Hello, old friend");
            JsonObject received = ragnarok.await(f -> "PrivateMessage".equals(WsTestClient.type(f)));
            assertEquals("Hello, old friend", received.getString("text"));
            assertEquals(List.of("not encrypted"), alice.messageLabels("Hello, old friend"));
        }
    }

    @Test
    void aForgedOrReplayedJoinSignatureIsRefusedOverARealSocket() {
        try (ChatPage alice = browser("alice");
             WsTestClient forger = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient replayer = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient dave = WsTestClient.connect(server.webSocket("/chat"))) {
            alice.join("vault", "alice", PASSWORD);

            // Claims mallory's keys, signs with another key.
            TestIdentity mallory = TestIdentity.create(TestIdentity.ED25519);
            TestIdentity other = TestIdentity.create(TestIdentity.ED25519);
            String challenge = mallory.requestChallenge(forger, "vault", "mallory", PASSWORD);
            TestIdentity.prove(forger, "vault", other.sign(challenge, "vault", "mallory"));
            assertEquals("vault", forger.awaitError("bad_signature").getString("room"));

            // Dave proves once; a stranger with dave's public keys replays that signature on a new connection.
            TestIdentity daveKeys = TestIdentity.create(TestIdentity.ECDSA);
            String first;
            try (WsTestClient earlier = WsTestClient.connect(server.webSocket("/chat"))) {
                String firstChallenge = daveKeys.requestChallenge(earlier, "vault", "dave", PASSWORD);
                first = daveKeys.sign(firstChallenge, "vault", "dave");
                TestIdentity.prove(earlier, "vault", first);
                earlier.awaitType("Joined");
                alice.awaitUsers(List.of("alice", "dave"));
            }
            alice.awaitUsers(List.of("alice"));
            String secondChallenge = daveKeys.requestChallenge(replayer, "vault", "dave", PASSWORD);
            assertNotEquals(secondChallenge, first);
            TestIdentity.prove(replayer, "vault", first);
            replayer.awaitError("bad_signature");

            // The real dave, with a fresh proof, gets in: the list shows joins, and shows neither refused one.
            daveKeys.joinProven(dave, "vault", "dave", PASSWORD);
            alice.awaitUsers(List.of("alice", "dave"));
            forger.pingPong("still open");
            replayer.pingPong("still open");
            assertEquals(List.of("alice", "dave"), alice.users(), "mallory and the replayed dave never got in");
            assertTrue(forger.drainNow().stream().noneMatch(f -> f.contains("\"Joined\"")));
            assertTrue(replayer.drainNow().stream().noneMatch(f -> f.contains("\"Joined\"")));
        }
    }
}
