package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.core.DurablePrivateMessageTest.connect;
import static org.safehouse.core.DurablePrivateMessageTest.privateMessages;
import static org.safehouse.core.DurablePrivateMessageTest.prove;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.storage.SqliteHistoryStore;
import org.safehouse.storage.SqliteServers;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.TestIdentity;

/**
 * While the history file's write queue is full, an encrypted private message for an offline member (which only the
 * store could keep) is refused with {@code server_busy}; one for a member online is relayed, only not kept.
 */
class FullHistoryStorePrivateMessageTest {
    static final String SECRET = "\"rooms\":[{\"name\":\"secret\",\"require_encryption\":true}]";
    static final int MAX_TASKS = 2;

    @TempDir
    Path dir;
    private ChatHarness server;
    private SqliteHistoryStore store;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ChatHarness start() {
        String json = "{\"data_dir\":\"" + dir + "\",\"history_storage\":\"sqlite\"," + SECRET + "}";
        MutableClock clock = new MutableClock(ChatHarness.START);
        server = ChatHarness.with(json).clock(clock).storage(dir, config -> {
            store = SqliteServers.storeFor(config, clock, MAX_TASKS);
            return store;
        }).start();
        return server;
    }

    static void sendPrivate(FakeClient sender, String to, String clientMsgId) {
        sender.send("{\"msgType\":\"PrivateMessage\",\"room\":\"secret\",\"TgtUser\":\"" + to + "\","
                + IdentityProofTest.encryptedBody(clientMsgId) + "}");
    }

    @Test
    void aMessageForAnOfflineMemberIsRefusedWhileTheStoreIsFullAndOneForAMemberOnlineIsRelayed() throws Exception {
        TestIdentity bobKeys = TestIdentity.create(IdentityKeys.ECDSA_P256);
        ChatHarness server = start();
        FakeClient bob = connect(server);
        prove(bob, "bob", bobKeys);
        server.server().closed(bob.session()); // bob is offline, and known
        FakeClient carol = connect(server);
        prove(carol, "carol", TestIdentity.create(IdentityKeys.ECDSA_P256));
        FakeClient alice = connect(server);
        prove(alice, "alice", TestIdentity.create(IdentityKeys.ECDSA_P256));
        carol.connection().takeJson();

        CountDownLatch release = new CountDownLatch(1);
        SqliteServers.stallWriter(store, release);
        sendPrivate(alice, "bob", "kept-0");
        sendPrivate(alice, "bob", "kept-1");
        sendPrivate(alice, "bob", "refused");
        JsonObject error = alice.connection().awaitJson(f -> "refused".equals(f.getString("clientMsgId", null)),
                new ArrayList<>());
        assertEquals("Error", error.getString("msgType"));
        assertEquals("server_busy", error.getString("code"));
        assertEquals(1000, error.getJsonNumber("retryAfterMs").longValue());

        sendPrivate(alice, "carol", "relayed");
        List<JsonObject> toCarol = privateMessages(carol.connection().takeJson());
        assertEquals(List.of("relayed"), toCarol.stream().map(f -> f.getString("clientMsgId")).toList(),
                "a member online still gets it live");
        JsonObject copy = alice.connection().awaitJson(f -> "relayed".equals(f.getString("clientMsgId", null)),
                new ArrayList<>());
        assertFalse(copy.getBoolean("queued", false), "relayed, not kept");

        release.countDown();
        List<JsonObject> afterRelease = new ArrayList<>();
        for (String kept : List.of("kept-0", "kept-1")) {
            JsonObject keptCopy = alice.connection().awaitJson(f -> kept.equals(f.getString("clientMsgId", null))
                    && "PrivateMessage".equals(f.getString("msgType")), afterRelease);
            assertTrue(keptCopy.getBoolean("queued"));
        }
        FakeClient bobAgain = connect(server);
        assertEquals(List.of("kept-0", "kept-1"), privateMessages(prove(bobAgain, "bob", bobKeys)).stream()
                .map(f -> f.getString("clientMsgId")).toList(), "what was taken waits for bob; the refused one not");
    }
}
