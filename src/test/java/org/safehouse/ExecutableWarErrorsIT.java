package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.MessageSizeScenario;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * Every error code of docs/PROTOCOL.md provoked on the built WAR under {@code java -jar}, each followed by proof the
 * connection is still usable, and the close codes the server sends. Two servers: a lenient one, and a strict one
 * (no room creation, low rate limit, password throttle, 1 s join timeout, few unjoined connections per address) whose
 * limits would get in the way of the other tests.
 */
class ExecutableWarErrorsIT {
    @TempDir
    static Path directory;
    private static ServerProcess lenient;
    private static ServerProcess strict;

    @RegisterExtension
    static final ServerProcesses SERVERS = ServerProcesses.forTheClass();

    @BeforeAll
    static void startServers() throws IOException {
        Path lenientConfig = Files.writeString(directory.resolve("lenient.json"), """
                {"rooms": [{"name": "vault", "password": "letmein"}, {"name": "tiny", "max_members": 1}],
                 "limits": {"max_text_chars": 100, "max_frame_bytes": 4096, "max_rooms_per_connection": 2,
                            "presence_interval_ms": 50, "messages_per_second": 1000, "message_burst": 1000,
                            "max_concurrent_password_checks": 1}}
                """);
        lenient = SERVERS.keep("lenient server", ServerProcess.start(lenientConfig));
        Path strictConfig = Files.writeString(directory.resolve("strict.json"), """
                {"server_password": "sesame", "allow_room_creation": false, "rooms": [{"name": "hall"}],
                 "limits": {"messages_per_second": 1, "message_burst": 5, "join_timeout_seconds": 1,
                            "max_unjoined_per_address": 3,
                            "wrong_password_burst_per_address": 2, "wrong_passwords_per_minute_per_address": 1}}
                """);
        strict = SERVERS.keep("strict server", ServerProcess.start(strictConfig));
    }

    /** Sends a frame, expects that Error, then proves the connection still answers. */
    private static void expectError(WsTestClient client, String frame, String code, String room) {
        client.send(frame);
        assertError(code, room, client.awaitType("Error"));
        assertFrame("{'msgType':'Pong','token':'after " + code + "'}", client.pingPong("after " + code));
    }

    private static String join(int version, String room, String nick, String password) {
        return "{\"msgType\":\"Join\",\"version\":" + version + ",\"room\":\"" + room + "\",\"nick\":\"" + nick
                + "\",\"password\":" + (password == null ? "null" : "\"" + password + "\"") + "}";
    }

    @Test
    void malformedFrames() {
        try (WsTestClient client = WsTestClient.connect(lenient.webSocket("/chat"))) {
            client.joinAndWait("errors", "alice", null);
            expectError(client, "{not json", "bad_json", null);
            expectError(client, "[\"an array\"]", "bad_json", null);
            expectError(client, "{\"msgType\":\"Dance\",\"room\":\"errors\"}", "unknown_type", "errors");
            expectError(client, "{\"msgType\":\"Broadcast\",\"room\":\"errors\",\"text\":42}", "bad_field", "errors");
            client.send("{\"msgType\":\"Join\",\"room\":\"elsewhere\",\"nick\":\"alice\"}");
            JsonObject missingVersion = client.awaitType("Error");
            assertError("bad_field", "elsewhere", missingVersion);
            assertTrue(missingVersion.getString("text").contains("version"), "names the field: " + missingVersion);
        }
    }

    @Test
    void textAndNameLimits() {
        try (WsTestClient client = WsTestClient.connect(lenient.webSocket("/chat"))) {
            client.joinAndWait("limits", "bob", null);
            String emoji = "\uD83D\uDE00"; // one code point, two UTF-16 chars
            client.broadcast("limits", emoji.repeat(100));
            assertEquals(emoji.repeat(100), client.awaitType("Broadcast").getString("text"), "100 code points pass");
            client.broadcast("limits", emoji.repeat(101));
            assertError("text_too_long", "limits", client.awaitType("Error"));
            expectError(client, join(1, "limits2", "", null), "bad_nickname", "limits2");
            expectError(client, join(1, "limits2", "zero\\u200Bwidth", null), "bad_nickname", "limits2");
            expectError(client, join(1, "limits2", "n".repeat(33), null), "bad_nickname", "limits2");
            expectError(client, join(1, "", "bob", null), "bad_room_name", "");
            expectError(client, join(1, "r".repeat(65), "bob", null), "bad_room_name", "r".repeat(65));
        }
    }

    @Test
    void membershipErrors() {
        try (WsTestClient alice = WsTestClient.connect(lenient.webSocket("/chat"));
             WsTestClient other = WsTestClient.connect(lenient.webSocket("/chat"));
             WsTestClient third = WsTestClient.connect(lenient.webSocket("/chat"))) {
            alice.joinAndWait("members", "alice", null);
            expectError(alice, "{\"msgType\":\"PrivateMessage\",\"room\":\"members\",\"TgtUser\":\"nobody\","
                    + "\"text\":\"hi\"}", "unknown_recipient", "members");
            expectError(alice, "{\"msgType\":\"Broadcast\",\"room\":\"elsewhere\",\"text\":\"hi\"}", "not_in_room",
                    "elsewhere");
            expectError(alice, join(1, "members", "alice", null), "already_joined", "members");
            alice.joinAndWait("members-2", "alice", null);
            expectError(alice, join(1, "members-3", "alice", null), "too_many_rooms", "members-3");
            expectError(other, join(1, "members", "ALICE", null), "name_taken", "members");
            expectError(other, join(1, "vault", "other", "guess"), "wrong_password", "vault");
            other.joinAndWait("vault", "other", "letmein");
            other.joinAndWait("tiny", "other", null);
            expectError(third, join(1, "tiny", "third", null), "room_full", "tiny");
        }
    }

    @Test
    void incompatibleVersionListsTheSupportedOnes() {
        try (WsTestClient client = WsTestClient.connect(lenient.webSocket("/chat"))) {
            client.send(join(2, "future", "zed", null));
            JsonObject error = client.awaitType("Error");
            assertError("incompatible_version", "future", error);
            assertEquals(List.of(1), error.getJsonArray("versions").getValuesAs(JsonNumber::intValue));
            client.joinAndWait("future", "zed", null); // the client may retry on the same connection
        }
    }

    @Test
    void identityAndEncryptionErrors() {
        try (WsTestClient alice = WsTestClient.connect(lenient.webSocket("/chat"));
             WsTestClient bob = WsTestClient.connect(lenient.webSocket("/chat"))) {
            expectError(alice, "{\"msgType\":\"Join\",\"version\":1,\"room\":\"secret\",\"nick\":\"alice\","
                    + "\"keys\":{\"agreement\":\"bm90IGEga2V5\",\"signing\":\"bm90IGEga2V5\","
                    + "\"algorithm\":\"Ed25519\"}}",
                    "bad_keys", "secret");
            expectError(alice, "{\"msgType\":\"Prove\",\"room\":\"secret\",\"signature\":\"AAAA\"}",
                    "bad_signature", "secret");

            TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
            alice.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", "secret")
                    .add("nick", "alice").add("requireEncryption", true).add("keys", keys.keys())
                    .build().toString());
            String challenge = alice.awaitType("Challenge").getString("challenge");
            TestIdentity.prove(alice, "secret", keys.sign(challenge, "secret", "alice"));
            assertTrue(alice.awaitType("Joined").getBoolean("requireEncryption"));

            expectError(bob, join(1, "secret", "bob", null), "keys_required", "secret");
            expectError(alice, "{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"alice\","
                    + "\"text\":\"in clear\"}", "encryption_required", "secret");
        }
    }

    @Test
    void frameOverMaxFrameBytesClosesWith1009() {
        try (WsTestClient client = WsTestClient.connect(lenient.webSocket("/chat"))) {
            client.joinAndWait("big", "big", null);
            client.broadcast("big", "b".repeat(4097));
            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void aMessageOfMaxFrameBytesIsAcceptedInOneFrameAndInFragments() {
        MessageSizeScenario.largestMessageIsAcceptedInOneFrameAndInMany(lenient.webSocket("/chat"), "pieces", 4096);
    }

    @Test
    void fragmentsThatTogetherPassMaxFrameBytesCloseWith1009() {
        MessageSizeScenario.fragmentsThatTogetherPassTheLimitCloseWith1009(lenient.webSocket("/chat"), "pieces-big",
                4096);
    }

    @Test
    void aLargeBinaryMessageClosesWith1003() {
        MessageSizeScenario.aLargeBinaryMessageClosesWith1003(lenient.webSocket("/chat"), "bytes-big", 4096);
    }

    @Test
    void aBinaryFrameClosesWith1003AndTheRoomCarriesOn() {
        try (WsTestClient stays = WsTestClient.connect(lenient.webSocket("/chat"));
                WsTestClient binary = WsTestClient.connect(lenient.webSocket("/chat"))) {
            stays.joinAndWait("bytes", "stays", null);
            binary.joinAndWait("bytes", "binary", null);
            binary.sendBinary(new byte[] {1, 2, 3});
            assertEquals(1003, binary.awaitClose());
            stays.broadcast("bytes", "still here");
            stays.await(frame -> "Broadcast".equals(WsTestClient.type(frame))
                    && "still here".equals(frame.getString("text", "")));
        }
    }

    @Test
    void foreignOriginClosesWith1008AndSameOriginIsAccepted() {
        try (WsTestClient evil = WsTestClient.connect(lenient.webSocket("/chat"), "http://evil.example")) {
            assertEquals(1008, evil.awaitClose());
        }
        try (WsTestClient page = WsTestClient.connect(lenient.webSocket("/chat"),
                "http://127.0.0.1:" + lenient.port())) {
            page.awaitType("Hello");
            page.joinAndWait("same-origin", "page", null);
        }
    }

    @Test
    void noSuchRoomWhenCreationIsOff() {
        try (WsTestClient client = WsTestClient.connect(strict.webSocket("/chat"))) {
            client.send(join(1, "nowhere", "nomad", null));
            assertError("no_such_room", "nowhere", client.awaitType("Error"));
            client.joinAndWait("hall", "nomad", null);
        }
    }

    @Test
    void rateLimitedWithRetryAfter() {
        try (WsTestClient client = WsTestClient.connect(strict.webSocket("/chat"))) {
            client.joinAndWait("hall", "chatty", null);
            for (int i = 0; i < 6; i++) {
                client.send("{\"msgType\":\"Ping\",\"token\":\"" + i + "\"}");
            }
            JsonObject error = client.awaitType("Error");
            assertError("rate_limited", null, error);
            assertTrue(error.getJsonNumber("retryAfterMs").longValue() > 0, "says when to retry: " + error);
            client.send("{\"msgType\":\"Ping\",\"token\":\"still there\"}");
            JsonObject answer = client.await(f -> "Error".equals(WsTestClient.type(f))
                    || "still there".equals(f.getString("token", null)));
            assertFalse(client.isClosed(), "rate limiting does not close the connection: " + answer);
        }
    }

    @Test
    void joinsSentTogetherWhileTheOnePasswordWorkerIsBusyAllGetIn() {
        // One Argon2id worker on the lenient server: joins sent together wait in the queue; none is told server_busy.
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                WsTestClient client = WsTestClient.connect(lenient.webSocket("/chat"));
                client.awaitType("Hello");
                clients.add(client);
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send(join(1, "vault", "together" + i, "letmein"));
            }
            for (WsTestClient client : clients) {
                JsonObject answer = client.await(f -> Set.of("Joined", "Error").contains(WsTestClient.type(f)));
                assertEquals("Joined", WsTestClient.type(answer), answer::toString);
            }
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }

    @Test
    void wrongPasswordsAreThrottledPerAddress() {
        try (WsTestClient guesser = WsTestClient.connect(strict.webSocket("/chat"))) {
            expectErrorWithoutPing(guesser, join(1, "lobby", "guesser", "one"), "wrong_password");
            expectErrorWithoutPing(guesser, join(1, "lobby", "guesser", "two"), "wrong_password");
            JsonObject throttled = expectErrorWithoutPing(guesser, join(1, "lobby", "guesser", "sesame"), "throttled");
            assertTrue(throttled.getJsonNumber("retryAfterMs").longValue() > 0, "says when: " + throttled);
            assertFrame("{'msgType':'Pong','token':'open'}", guesser.pingPong("open"));
        }
        try (WsTestClient ragnarok = WsTestClient.connect(strict.webSocket("/ragnarok"))) {
            ragnarok.send("sesame");
            assertError("throttled", "lobby", ragnarok.awaitType("Error"));
            assertEquals(4005, ragnarok.awaitClose());
        }
    }

    /** The strict server's rate limit (burst 5) leaves no room for a Ping after every error. */
    private static JsonObject expectErrorWithoutPing(WsTestClient client, String frame, String code) {
        client.send(frame);
        JsonObject error = client.awaitType("Error");
        assertError(code, "lobby", error);
        return error;
    }

    @Test
    void unjoinedConnectionIsClosedWith4001AfterTheJoinTimeout() {
        try (WsTestClient idle = WsTestClient.connect(strict.webSocket("/chat"))) {
            long start = System.nanoTime();
            idle.awaitType("Hello");
            assertEquals(4001, idle.awaitClose(Duration.ofSeconds(5)));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(900).toNanos(), "not before the timeout");
        }
    }

    @Test
    void tooManyUnjoinedConnectionsFromOneAddressClosesWith4003() {
        List<WsTestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(WsTestClient.connect(strict.webSocket("/chat")));
            }
            clients.get(0).awaitType("Hello");
            try (WsTestClient oneTooMany = WsTestClient.connect(strict.webSocket("/chat"))) {
                assertEquals(4003, oneTooMany.awaitClose());
            }
        } finally {
            clients.forEach(WsTestClient::close);
        }
    }
}
