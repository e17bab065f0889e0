package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.storage.SqliteHistoryStore;
import org.safehouse.storage.SqliteServers;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.TestIdentity;

/** Store and forward across a restart: encrypted private messages waiting for an offline identity are durable. */
class DurablePrivateMessageTest {
    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    final List<ChatHarness> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(ChatHarness::close);
    }

    /** A server over the SQLite file in {@code dir}: a second call after closing the first is a restart. */
    ChatHarness start() throws Exception {
        return start("");
    }

    /** As {@link #start()}, with these extra limits. */
    ChatHarness start(String limits) throws Exception {
        String json = "{\"data_dir\":\"" + dir + "\",\"history_storage\":\"sqlite\","
                + "\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}],"
                + "\"limits\":{\"messages_per_second\":1000,\"message_burst\":1000" + limits + "}}";
        ChatHarness server = ChatHarness.with(json).clock(clock).storage(dir, this::open).start();
        servers.add(server);
        return server;
    }

    SqliteHistoryStore open(SafehouseConfig config) {
        return SqliteServers.storeFor(config, clock, SqliteHistoryStore.DEFAULT_MAX_TASKS);
    }

    void stop(ChatHarness server) {
        server.close();
        servers.remove(server);
    }

    /** Joins the room "secret" with keys and signs the challenge; returns the frames that followed the proof. */
    static List<JsonObject> prove(FakeClient client, String nick, TestIdentity keys) {
        return client.joinProven("secret", nick, keys);
    }

    /** Connects and joins the room "secret" with these keys. */
    static FakeClient member(ChatHarness server, String nick, TestIdentity keys) {
        FakeClient client = connect(server);
        prove(client, nick, keys);
        return client;
    }

    static FakeClient connect(ChatHarness server) {
        return server.connect("10.0.0.1");
    }

    static List<JsonObject> privateMessages(List<JsonObject> frames) {
        return frames.stream().filter(f -> "PrivateMessage".equals(f.getString("msgType"))).toList();
    }

    /** Sends an encrypted private message and waits (bounded) for the sender's copy, which follows the commit. */
    static JsonObject sendAndAwaitCopy(FakeClient sender, String to, String clientMsgId) throws InterruptedException {
        sender.send("{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"" + to + "\","
                + IdentityProofTest.encryptedBody(clientMsgId) + "}");
        JsonObject answer = sender.await(frame -> "Error".equals(frame.getString("msgType"))
                || "PrivateMessage".equals(frame.getString("msgType"))
                && clientMsgId.equals(frame.getString("clientMsgId", null)));
        assertEquals("PrivateMessage", answer.getString("msgType"), () -> "refused: " + answer);
        return answer;
    }

    @Test
    void aQueuedPrivateMessageSurvivesARestartForTheSameIdentityOnly() throws Exception {
        TestIdentity aliceKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        ChatHarness first = start();
        FakeClient alice = member(first, "alice", aliceKeys);
        FakeClient bob = member(first, "bob", bobKeys);
        bob.close(); // bob goes offline
        JsonObject copy = sendAndAwaitCopy(alice, "bob", "before-restart");
        assertTrue(copy.getBoolean("queued"), "the sender learns it waits (and, with SQLite, that it is stored)");
        String firstId = copy.getString("id");
        stop(first);

        ChatHarness second = start();
        FakeClient aliceAgain = connect(second);
        List<JsonObject> aliceFrames = privateMessages(prove(aliceAgain, "alice", aliceKeys));
        assertEquals(1, aliceFrames.size(), "the sender gets her copy back too");
        assertEquals("bob", aliceFrames.get(0).getString("TgtUser"));
        // bob, offline since before the restart, is still known: he can be written to
        JsonObject second1 = sendAndAwaitCopy(aliceAgain, "bob", "after-restart");
        assertTrue(second1.getBoolean("queued"));
        assertTrue(Long.parseLong(second1.getString("id")) > Long.parseLong(firstId), "ids grow past stored ones");

        FakeClient impostor = connect(second);
        List<JsonObject> impostorFrames = prove(impostor, "bob", TestIdentity.create(IdentityKeys.ECDSA_P256));
        assertEquals(List.of(), privateMessages(impostorFrames), "the nickname with other keys gets nothing");
        impostor.close();

        FakeClient bobAgain = connect(second);
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
        ChatHarness first = start(caps);
        FakeClient bob = member(first, "bob", bobKeys);
        bob.close();
        FakeClient alice = member(first, "alice", aliceKeys);
        sendAndAwaitCopy(alice, "bob", "from-alice");
        FakeClient mallory = member(first, "mallory", malloryKeys);
        for (int i = 0; i < 3; i++) {
            sendAndAwaitCopy(mallory, "bob", "flood-" + i);
        }
        assertEquals("mailbox_full", MailboxPerRecipientTest.send(mallory, "bob", "flood-3").getString("code"));
        stop(first);

        ChatHarness second = start(caps);
        FakeClient malloryAgain = member(second, "mallory", malloryKeys);
        assertEquals("mailbox_full", MailboxPerRecipientTest.send(malloryAgain, "bob", "flood-4").getString("code"),
                "her three still wait after the restart, and still count");
        FakeClient squatter = connect(second);
        assertEquals(List.of(), privateMessages(prove(squatter, "bob", TestIdentity.create(IdentityKeys.ECDSA_P256))),
                "bob's nickname with another key gets nothing of his queue");
        squatter.close();
        FakeClient bobAgain = connect(second);
        assertEquals(List.of("from-alice", "flood-0", "flood-1", "flood-2"),
                MailboxPerRecipientTest.clientIds(prove(bobAgain, "bob", bobKeys)));
        bobAgain.close();
        stop(second);

        ChatHarness third = start(caps);
        FakeClient malloryThird = member(third, "mallory", malloryKeys);
        assertTrue(sendAndAwaitCopy(malloryThird, "bob", "after-delivery").getBoolean("queued"),
                "bob has her earlier ones (recorded in the file): her oldest delivered one makes room");
        FakeClient bobThird = connect(third);
        assertEquals(List.of("from-alice", "flood-1", "flood-2", "after-delivery"),
                MailboxPerRecipientTest.clientIds(prove(bobThird, "bob", bobKeys)));
    }

    @Test
    void messagesRelayedLiveAreRememberedAsDeliveredAcrossARestart() throws Exception {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        TestIdentity malloryKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        String caps = MailboxPerRecipientTest.CAPS;
        ChatHarness first = start(caps);
        FakeClient bob = member(first, "bob", bobKeys);
        FakeClient mallory = member(first, "mallory", malloryKeys);
        for (int i = 0; i < 3; i++) {
            assertFalse(sendAndAwaitCopy(mallory, "bob", "live-" + i).getBoolean("queued", false));
        }
        stop(first);

        ChatHarness second = start(caps);
        FakeClient malloryAgain = member(second, "mallory", malloryKeys);
        assertTrue(sendAndAwaitCopy(malloryAgain, "bob", "while-away").getBoolean("queued"),
                "bob had her three: they make room, they do not count as waiting");
        FakeClient bobAgain = connect(second);
        assertEquals(List.of("live-1", "live-2", "while-away"),
                MailboxPerRecipientTest.clientIds(prove(bobAgain, "bob", bobKeys)));
    }
}
