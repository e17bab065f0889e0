package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.storage.SqliteServers;
import org.safehouse.testing.RecordingConnection;
import org.safehouse.testing.TestIdentity;

/** Store and forward across a restart: encrypted private messages waiting for an offline identity are durable. */
class DurablePrivateMessageTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    /** A server over the SQLite file in {@code dir}: a second call after closing the first is a restart. */
    ChatServer start() throws Exception {
        return start("");
    }

    /** As {@link #start()}, with these extra limits. */
    ChatServer start(String limits) throws Exception {
        return sqlite.start("\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}],"
                + "\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000" + limits + "}");
    }

    void stop(ChatServer server) {
        sqlite.stop(server);
    }

    record Client(ChatServer server, RecordingConnection connection, ChatSession session) {
        void send(String frame) {
            server.receive(session, frame);
        }
    }

    /** Joins with keys and signs the challenge; returns the frames that followed the proof (Joined first). */
    static List<JsonObject> prove(Client client, String nick, TestIdentity keys) throws Exception {
        client.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"secret\",\"nick\":\"" + nick + "\",\"keys\":"
                + keys.keys() + "}");
        JsonObject challenge = client.connection().takeJson().get(0);
        assertEquals("Challenge", challenge.getString("msgType"), challenge::toString);
        client.send("{\"msgType\":\"Prove\",\"room\":\"secret\",\"signature\":\""
                + keys.sign(challenge.getString("challenge"), "secret", nick) + "\"}");
        List<JsonObject> frames = client.connection().takeJson();
        assertEquals("Joined", frames.get(0).getString("msgType"), frames::toString);
        return frames;
    }

    static Client connect(ChatServer server) {
        RecordingConnection connection = new RecordingConnection("10.0.0.1");
        Client client = new Client(server, connection, server.open(connection, false));
        connection.take(); // Hello
        return client;
    }

    static List<JsonObject> privateMessages(List<JsonObject> frames) {
        return frames.stream().filter(f -> "PrivateMessage".equals(f.getString("msgType"))).toList();
    }

    /** Sends an encrypted private message and waits (bounded) for the sender's copy, which follows the commit. */
    static JsonObject sendAndAwaitCopy(Client sender, String to, String clientMsgId) throws InterruptedException {
        sender.send("{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"" + to + "\","
                + IdentityProofTest.encryptedBody(clientMsgId) + "}");
        JsonObject answer = sender.connection().awaitJson(frame -> "Error".equals(frame.getString("msgType"))
                || "PrivateMessage".equals(frame.getString("msgType"))
                && clientMsgId.equals(frame.getString("clientMsgId", null)), new ArrayList<>());
        assertEquals("PrivateMessage", answer.getString("msgType"), () -> "refused: " + answer);
        return answer;
    }

    @Test
    void aQueuedPrivateMessageSurvivesARestartForTheSameIdentityOnly() throws Exception {
        TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        ChatServer first = start();
        Client alice = connect(first);
        prove(alice, "alice", aliceKeys);
        Client bob = connect(first);
        prove(bob, "bob", bobKeys);
        first.closed(bob.session()); // bob goes offline
        JsonObject copy = sendAndAwaitCopy(alice, "bob", "before-restart");
        assertTrue(copy.getBoolean("queued"), "the sender learns it waits (and, with SQLite, that it is stored)");
        String firstId = copy.getString("id");
        stop(first);

        ChatServer second = start();
        Client aliceAgain = connect(second);
        List<JsonObject> aliceFrames = privateMessages(prove(aliceAgain, "alice", aliceKeys));
        assertEquals(1, aliceFrames.size(), "the sender gets her copy back too");
        assertEquals("bob", aliceFrames.get(0).getString("TgtUser"));
        // bob, offline since before the restart, is still known: he can be written to
        JsonObject second1 = sendAndAwaitCopy(aliceAgain, "bob", "after-restart");
        assertTrue(second1.getBoolean("queued"));
        assertTrue(Long.parseLong(second1.getString("id")) > Long.parseLong(firstId), "ids grow past stored ones");

        Client impostor = connect(second);
        List<JsonObject> impostorFrames = prove(impostor, "bob", TestIdentity.create(IdentityKeys.ECDSA_P256));
        assertEquals(List.of(), privateMessages(impostorFrames), "the nickname with other keys gets nothing");
        second.closed(impostor.session());

        Client bobAgain = connect(second);
        List<JsonObject> delivered = privateMessages(prove(bobAgain, "bob", bobKeys));
        assertEquals(List.of("before-restart", "after-restart"),
                delivered.stream().map(f -> f.getString("clientMsgId")).toList());
        assertEquals(firstId, delivered.get(0).getString("id"));
        assertEquals("alice", delivered.get(0).getString("SrcUser"));
        assertEquals("secret", delivered.get(0).getString("room"));
        assertFalse(delivered.get(0).containsKey("TgtUser"));
        assertFalse(delivered.get(0).containsKey("text"));
    }

    @Test
    void theQueuesAndTheirCapsAreTheSameAfterARestart() throws Exception {
        TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity malloryKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        String caps = MailboxPerRecipientTest.CAPS;
        ChatServer first = start(caps);
        Client bob = connect(first);
        prove(bob, "bob", bobKeys);
        first.closed(bob.session());
        Client alice = connect(first);
        prove(alice, "alice", aliceKeys);
        sendAndAwaitCopy(alice, "bob", "from-alice");
        Client mallory = connect(first);
        prove(mallory, "mallory", malloryKeys);
        for (int i = 0; i < 3; i++) {
            sendAndAwaitCopy(mallory, "bob", "flood-" + i);
        }
        assertEquals("mailbox_full", MailboxPerRecipientTest.send(mallory, "bob", "flood-3").getString("code"));
        stop(first);

        ChatServer second = start(caps);
        Client malloryAgain = connect(second);
        prove(malloryAgain, "mallory", malloryKeys);
        assertEquals("mailbox_full", MailboxPerRecipientTest.send(malloryAgain, "bob", "flood-4").getString("code"),
                "her three still wait after the restart, and still count");
        Client squatter = connect(second);
        assertEquals(List.of(), privateMessages(prove(squatter, "bob", TestIdentity.create(IdentityKeys.ECDSA_P256))),
                "bob's nickname with another key gets nothing of his queue");
        second.closed(squatter.session());
        Client bobAgain = connect(second);
        assertEquals(List.of("from-alice", "flood-0", "flood-1", "flood-2"),
                MailboxPerRecipientTest.clientIds(prove(bobAgain, "bob", bobKeys)));
        second.closed(bobAgain.session());
        stop(second);

        ChatServer third = start(caps);
        Client malloryThird = connect(third);
        prove(malloryThird, "mallory", malloryKeys);
        assertTrue(sendAndAwaitCopy(malloryThird, "bob", "after-delivery").getBoolean("queued"),
                "bob has her earlier ones (recorded in the file): her oldest delivered one makes room");
        Client bobThird = connect(third);
        assertEquals(List.of("from-alice", "flood-1", "flood-2", "after-delivery"),
                MailboxPerRecipientTest.clientIds(prove(bobThird, "bob", bobKeys)));
    }

    @Test
    void messagesRelayedLiveAreRememberedAsDeliveredAcrossARestart() throws Exception {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity malloryKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        String caps = MailboxPerRecipientTest.CAPS;
        ChatServer first = start(caps);
        Client bob = connect(first);
        prove(bob, "bob", bobKeys);
        Client mallory = connect(first);
        prove(mallory, "mallory", malloryKeys);
        for (int i = 0; i < 3; i++) {
            assertFalse(sendAndAwaitCopy(mallory, "bob", "live-" + i).getBoolean("queued", false));
        }
        stop(first);

        ChatServer second = start(caps);
        Client malloryAgain = connect(second);
        prove(malloryAgain, "mallory", malloryKeys);
        assertTrue(sendAndAwaitCopy(malloryAgain, "bob", "while-away").getBoolean("queued"),
                "bob had her three: they make room, they do not count as waiting");
        Client bobAgain = connect(second);
        assertEquals(List.of("live-1", "live-2", "while-away"),
                MailboxPerRecipientTest.clientIds(prove(bobAgain, "bob", bobKeys)));
    }
}
