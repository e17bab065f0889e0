package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * Sealed rooms between real Chromium browsers (each a fresh profile: its own keys, its own room keys in IndexedDB),
 * through the WAR run with {@code java -jar} and SQLite history on disk. The room key is derived in each browser by
 * the vendored Argon2id; the server gets only the join verifier and ciphertext. A Java client that derives the
 * verifier as docs/PROTOCOL.md says (BouncyCastle's Argon2id and HKDF, another implementation than the page's) joins
 * the room a browser created, and sees on the wire what the server relays.
 */
class SealedRoomIT {
    private static final String PASSWORD = "Lanterns-at-dusk, 4711 of them!";
    private static final String NEW_PASSWORD = "Crocus & snowdrop: 2026 edition";

    @TempDir
    Path directory;
    private ServerProcess server;

    @BeforeEach
    void startServer() throws IOException {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"server_name": "Safehouse sealed test", "data_dir": "data", "history_storage": "sqlite",
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

    private ChatPage browser(String name) {
        return ChatPage.open(directory.resolve("profiles"), server.http("/"), name);
    }

    private static String unique(String label) {
        return label + "-" + UUID.randomUUID();
    }

    @Test
    void aNewcomerWithThePasswordReadsTheHistoryAndTheServerHoldsOnlyCiphertext() throws Exception {
        String secret = unique("canary-sealed");
        String control = unique("canary-plain-room");
        try (ChatPage alice = browser("alice"); ChatPage bob = browser("bob");
             WsTestClient eve = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient unaware = WsTestClient.connect(server.webSocket("/chat"))) {
            createSealed(alice, "vault", "alice", PASSWORD);
            bob.join("vault", "bob", PASSWORD);
            alice.awaitUsers(List.of("alice", "bob"));
            assertTrue(bob.pageText().contains("Sealed room"), "the room says it is sealed");
            assertTrue(bob.securityLine().contains("end-to-end encrypted with the room key")
                    && !bob.securityLine().contains("not end-to-end"), "and does not say the server reads it: "
                    + bob.securityLine());

            // Another implementation of the KDF (BouncyCastle) gives the verifier the browser's room accepts.
            JsonObject joined = joinSealedFromJava(eve, "vault", "eve", PASSWORD);
            assertEquals("argon2id-v1", joined.getJsonObject("seal").getString("kdf"));
            alice.awaitUsers(List.of("alice", "bob", "eve"));

            alice.send(secret);
            bob.awaitMessage(secret);
            assertEquals(List.of("sealed"), bob.messageLabels(secret), "signed by alice's key");
            JsonObject relayed = eve.await(f -> "Broadcast".equals(WsTestClient.type(f)));
            assertFalse(relayed.containsKey("text"), "the server relays no text: " + relayed);
            assertFalse(relayed.toString().contains(secret), "no plaintext on the wire");
            JsonObject sealed = relayed.getJsonObject("sealed");
            assertEquals(keyIdOf(PASSWORD, joined.getJsonObject("seal").getString("salt")), sealed.getString("keyId"),
                    "sealed under the key the password gives, by the protocol's derivation");

            try (ChatPage carol = browser("carol")) {
                carol.join("vault", "carol", PASSWORD);
                carol.awaitMessage(secret); // a newcomer with the password reads the history
                assertEquals(List.of("sealed"), carol.messageLabels(secret));
            }

            // A client that does not know sealed rooms (no "sealed" in its Join) is refused before its password.
            unaware.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", "vault")
                    .add("nick", "oldclient").add("password", verifier(PASSWORD, saltOf(unaware, "vault")))
                    .build().toString());
            assertEquals("vault", unaware.awaitError("sealed_room").getString("room", "vault"));

            alice.joinAnotherRoom("plaza", "alice", "");
            alice.send(control); // an ordinary room's message: the server must have it, which shows the search works

            Path data = directory.resolve("data");
            ServerTraces.awaitInFiles(data, control);
            ServerTraces.awaitInFiles(data, sealed.getString("ciphertext")); // the sealed history is kept, sealed
            assertFalse(ServerTraces.filesContain(data, secret), "the sealed message is not in the server's files");
            byte[] heap = ServerTraces.heapDump(server.pid(), directory.resolve("server.hprof"));
            assertTrue(HeapSearch.contains(heap, control), "the control text is found in the heap dump");
            assertFalse(HeapSearch.contains(heap, secret), "the sealed message is not in the server's memory");
            assertFalse(HeapSearch.contains(heap, PASSWORD), "nor the room's password");
            String output = ServerTraces.capturedOutput(server); // the log was captured through the whole test
            assertTrue(output.contains("Safehouse \"Safehouse sealed test\" ready"), "the start-up line is in it");
            assertFalse(output.contains(secret) || output.contains(PASSWORD), "nor in its log");
        }
    }

    @Test
    void aRotationKeepsOldHistoryReadableAndNewMessagesNeedTheNewPassword() {
        String before = unique("before the change");
        String after = unique("after the change");
        try (ChatPage alice = browser("alice"); ChatPage bob = browser("bob"); ChatPage carol = browser("carol")) {
            createSealed(alice, "vault", "alice", PASSWORD);
            bob.join("vault", "bob", PASSWORD);
            carol.join("vault", "carol", PASSWORD);
            alice.awaitUsers(List.of("alice", "bob", "carol"));
            alice.send(before);
            bob.awaitMessage(before);
            carol.awaitMessage(before);

            alice.driver().findElement(By.id("room-settings-button")).click();
            alice.await("the sealed room's password form", d -> d.findElement(By.id("sealed-rotate-form")).isDisplayed());
            alice.driver().findElement(By.id("sealed-rotate-password")).sendKeys(NEW_PASSWORD);
            alice.driver().findElement(By.id("sealed-rotate-save")).click();
            alice.await("the new password to be sent", d -> d.findElement(By.id("room-settings-status")).getText()
                    .startsWith("New password sent"));
            alice.driver().findElement(By.id("room-settings-close")).click();

            for (ChatPage member : List.of(bob, carol)) {
                member.await("the request for the new password",
                        d -> d.findElement(By.id("sealed-unlock")).isDisplayed());
                assertFalse(member.driver().findElement(By.id("composer-input")).isEnabled(),
                        "nothing is written with the old key");
            }
            alice.send(after);
            alice.awaitMessage(after); // the owner's page holds the new key at once
            bob.await("the new message, not readable yet", d -> unreadableCount(bob) == 1);

            bob.driver().findElement(By.id("sealed-unlock-password")).sendKeys(NEW_PASSWORD);
            bob.driver().findElement(By.id("sealed-unlock-submit")).click();
            bob.awaitMessage(after); // opened again with the new key
            bob.awaitMessage(before); // and the old history with the old key
            assertEquals(0, unreadableCount(bob));
            assertTrue(bob.driver().findElement(By.id("composer-input")).isEnabled());

            carol.awaitMessage(before); // without the new password: the old history only
            assertEquals(1, unreadableCount(carol));
            assertFalse(carol.allLogsText().contains(after));

            try (ChatPage dave = browser("dave")) {
                dave.submitJoin("vault", "dave", PASSWORD);
                dave.awaitJoinError(Pattern.compile("Wrong password.*"));
                dave.join("vault", "dave", NEW_PASSWORD);
                dave.awaitMessage(after);
                assertEquals(1, unreadableCount(dave), "what was sealed before the change needs the old password");
                assertFalse(dave.allLogsText().contains(before));
            }
        }
    }

    @Test
    void aPanicWipeShutsOutTheOldPasswordAndKeyAndTheNewPasswordOpensAnEmptyRoomUnderANewKey() throws Exception {
        String before = unique("before the wipe");
        String after = unique("after the wipe");
        try (ChatPage alice = browser("alice"); ChatPage bob = browser("bob")) {
            createSealed(alice, "vault", "alice", PASSWORD);
            bob.join("vault", "bob", PASSWORD);
            alice.awaitUsers(List.of("alice", "bob"));
            alice.send(before);
            bob.awaitMessage(before);
            String oldSalt;
            try (WsTestClient asker = WsTestClient.connect(server.webSocket("/chat"))) {
                oldSalt = saltOf(asker, "vault");
            }

            alice.driver().findElement(By.id("room-settings-button")).click();
            alice.await("the wipe form of a sealed room, with its password rule",
                    d -> d.findElement(By.id("wipe-form")).isDisplayed()
                            && d.findElement(By.id("wipe-generate")).isDisplayed());
            alice.driver().findElement(By.id("wipe-confirm")).sendKeys("vault");
            alice.driver().findElement(By.id("wipe-password")).sendKeys("wipe it 123");
            alice.driver().findElement(By.id("wipe-room")).click();
            alice.await("the rule refusing a weak password", d -> d.findElement(By.id("wipe-strength")).getText()
                    .startsWith("Too short for a sealed room"));
            alice.driver().findElement(By.id("wipe-password")).clear();
            alice.driver().findElement(By.id("wipe-password")).sendKeys(NEW_PASSWORD);
            alice.driver().findElement(By.id("wipe-room")).click();

            for (ChatPage page : List.of(alice, bob)) {
                page.awaitNotice("This room was wiped.");
                assertFalse(page.allText().contains(before), "the page keeps nothing of the wiped room's messages");
            }
            bob.driver().findElement(By.id("rejoin-room")).click();
            bob.submitJoin("vault", "bob", PASSWORD);
            bob.awaitJoinError(Pattern.compile("Wrong password.*"));
            bob.submitJoin("vault", "bob", NEW_PASSWORD).awaitRoomShown("vault");
            assertTrue(bob.messages().isEmpty(), "the server kept nothing: " + bob.messages());
            alice.driver().findElement(By.id("rejoin-room")).click();
            alice.submitJoin("vault", "alice", NEW_PASSWORD).awaitRoomShown("vault");

            try (WsTestClient eve = WsTestClient.connect(server.webSocket("/chat"))) {
                JsonObject joined = joinSealedFromJava(eve, "vault", "eve", NEW_PASSWORD);
                String newSalt = joined.getJsonObject("seal").getString("salt");
                assertNotEquals(oldSalt, newSalt, "the wiped room has a new salt, so a new key");
                alice.awaitUsers(List.of("alice", "bob", "eve"));
                alice.send(after);
                bob.awaitMessage(after);
                assertEquals(List.of("sealed"), bob.messageLabels(after), "sealed under the new key, signed by alice");
                JsonObject relayed = eve.await(f -> "Broadcast".equals(WsTestClient.type(f)));
                String keyId = relayed.getJsonObject("sealed").getString("keyId");
                assertEquals(keyIdOf(NEW_PASSWORD, newSalt), keyId, "the key the new password gives");
                assertNotEquals(keyIdOf(PASSWORD, oldSalt), keyId, "not the key whoever held the old password kept");
            }
        }
    }

    // ---- helpers ----

    private static void createSealed(ChatPage page, String room, String nick, String password) {
        page.driver().findElement(By.id("join-sealed")).click();
        page.join(room, nick, password);
    }

    private static long unreadableCount(ChatPage page) {
        return page.count("ol.log:not([hidden]) li.message-sealed-unreadable");
    }

    /** The room's salt, from SealInfo. */
    private static String saltOf(WsTestClient client, String room) {
        client.send(Json.createObjectBuilder().add("msgType", "SealInfo").add("room", room).build().toString());
        JsonObject info = client.await(f -> "SealInfo".equals(WsTestClient.type(f)));
        assertTrue(info.getBoolean("sealed"), "the room is sealed: " + info);
        return info.getString("salt");
    }

    /** Joins as the page would, with keys of its own and the verifier derived here; returns the Joined. */
    private static JsonObject joinSealedFromJava(WsTestClient client, String room, String nick, String password) {
        TestIdentity identity = TestIdentity.create(TestIdentity.ECDSA);
        client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("password", verifier(password, saltOf(client, room)))
                .add("keys", identity.keys()).add("requireEncryption", true).add("sealed", true).build().toString());
        JsonObject challenge = client.await(f -> "Challenge".equals(WsTestClient.type(f))
                || "Error".equals(WsTestClient.type(f)));
        assertEquals("Challenge", WsTestClient.type(challenge), "the verifier is accepted: " + challenge);
        TestIdentity.prove(client, room, identity.sign(challenge.getString("challenge"), room, nick));
        return client.await(f -> "Joined".equals(WsTestClient.type(f)));
    }

    private static byte[] master(String password, String salt) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(Base64.getDecoder().decode(salt))
                .withMemoryAsKB(65536).withIterations(3).withParallelism(1).build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] master = new byte[32];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), master);
        return master;
    }

    private static byte[] hkdf(byte[] master, String info) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(master, null, info.getBytes(StandardCharsets.UTF_8)));
        byte[] out = new byte[32];
        generator.generateBytes(out, 0, out.length);
        return out;
    }

    private static String verifier(String password, String salt) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hkdf(master(password, salt), "safehouse-join-verifier-v1"));
    }

    private static String keyIdOf(String password, String salt) throws Exception {
        byte[] roomKey = hkdf(master(password, salt), "safehouse-room-key-v1");
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        sha256.update("safehouse-room-key-id-v1".getBytes(StandardCharsets.UTF_8));
        sha256.update(roomKey);
        return java.util.HexFormat.of().formatHex(sha256.digest(), 0, 8);
    }
}
