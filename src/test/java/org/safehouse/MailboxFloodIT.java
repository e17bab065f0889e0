package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.TestIdentity;
import org.safehouse.testing.WsTestClient;

/**
 * Offline private messages over real sockets on {@code java -jar}: one member's flood is refused with
 * {@code mailbox_full} and evicts nothing waiting for another; a nickname taken over with another key gets nothing of
 * the earlier key's queue.
 */
class MailboxFloodIT {
    static final String ROOM = "vault";
    static final String PASSWORD = "mailbox flood test 9f2c";

    @TempDir
    Path directory;
    ServerProcess server;

    @RegisterExtension
    final ServerProcesses servers = ServerProcesses.forEachTest();

    static String encryptedMessage(String to, String clientMsgId) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"msgType\":\"PrivateMessage\",\"room\":\"" + ROOM + "\",\"TgtUser\":\"" + to + "\",\"clientMsgId\":\""
                + clientMsgId + "\",\"ciphertext\":\"" + b64.encodeToString(new byte[40]) + "\",\"iv\":\""
                + b64.encodeToString(new byte[12]) + "\",\"counter\":1,\"signature\":\""
                + b64.encodeToString(new byte[64]) + "\"}";
    }

    /** Sends and returns the answer naming the client id: the sender's copy, or an Error. */
    static JsonObject send(WsTestClient sender, String to, String clientMsgId) {
        sender.send(encryptedMessage(to, clientMsgId));
        return sender.await(f -> clientMsgId.equals(f.getString("clientMsgId", null)));
    }

    WsTestClient proven(String nick, TestIdentity keys) {
        WsTestClient client = WsTestClient.connect(server.webSocket("/chat"));
        keys.joinProven(client, ROOM, nick, PASSWORD);
        return client;
    }

    /** Joins with these keys and collects the private messages that follow Joined, up to a Pong. */
    List<String> delivered(String nick, TestIdentity keys) {
        try (WsTestClient client = proven(nick, keys)) {
            client.send("{\"msgType\":\"Ping\",\"token\":\"end\"}");
            List<String> ids = new ArrayList<>();
            while (true) {
                JsonObject frame = client.await(f -> "PrivateMessage".equals(WsTestClient.type(f))
                        || "Pong".equals(WsTestClient.type(f)));
                if ("Pong".equals(WsTestClient.type(frame))) {
                    return ids;
                }
                ids.add(frame.getString("clientMsgId"));
            }
        }
    }

    @Test
    void aFloodIsRefusedAndWhatWaitsForOthersSurvivesIt() throws Exception {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"rooms": [{"name": "vault", "password": "%s", "require_encryption": true}],
                 "limits": {"messages_per_second": 1000, "message_burst": 1000, "history_messages": 4,
                            "mailbox_messages_per_sender": 3, "mailbox_messages_per_recipient": 5}}
                """.formatted(PASSWORD));
        server = servers.keep("server", ServerProcess.start(config));
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ECDSA);
        try (WsTestClient alice = proven("alice", TestIdentity.create(TestIdentity.ECDSA));
             WsTestClient mallory = proven("mallory", TestIdentity.create(TestIdentity.ED25519))) {
            proven("bob", bobKeys).close(); // bob was here with his key, and is offline now
            alice.await(f -> "Presence".equals(WsTestClient.type(f))
                    && f.getJsonArray("left").toString().contains("\"bob\""));
            assertTrue(send(alice, "bob", "from-alice").getBoolean("queued"));
            int refused = 0;
            for (int i = 0; i < 20; i++) {
                JsonObject answer = send(mallory, "bob", "flood-" + i);
                if ("Error".equals(WsTestClient.type(answer))) {
                    assertEquals("mailbox_full", answer.getString("code"), answer::toString);
                    refused++;
                }
            }
            assertEquals(17, refused, "three of mallory's wait; she is told of every other one");
        }
        assertEquals(List.of(), delivered("bob", TestIdentity.create(TestIdentity.ECDSA)),
                "bob's nickname with another key receives nothing of his queue");
        assertEquals(List.of("from-alice", "flood-0", "flood-1", "flood-2"), delivered("bob", bobKeys));
    }
}
