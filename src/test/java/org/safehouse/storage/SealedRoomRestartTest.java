package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.testing.RecordingConnection;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/** With durable history, a sealed room keeps its seal (and the salt of its rotation or wipe) across a restart. */
class SealedRoomRestartTest {
    static final String PASSWORD = "correct horse battery staple";
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);
    final TestIdentity aliceKey = TestIdentity.create(TestIdentity.ED25519);

    static SqliteServers.Client open(ChatServer server) {
        RecordingConnection connection = new RecordingConnection("10.0.0.1");
        return new SqliteServers.Client(server, connection, server.open(connection, false));
    }

    /** Sends the Join, signs the challenge; returns what answered the proof (Joined first), or the refusal. */
    static List<JsonObject> joinProven(SqliteServers.Client client, String join, String nick, TestIdentity keys) {
        client.connection().take();
        client.send(join);
        JsonObject answer = client.connection().takeJson().get(0);
        if (!"Challenge".equals(answer.getString("msgType"))) {
            return List.of(answer);
        }
        client.send("{\"msgType\":\"Prove\",\"room\":\"vault\",\"signature\":\""
                + keys.sign(answer.getString("challenge"), "vault", nick) + "\"}");
        return client.connection().takeJson();
    }

    static JsonObject sealInfo(ChatServer server) {
        SqliteServers.Client client = open(server);
        client.connection().take();
        client.send(SealedFrames.sealInfo("vault"));
        return client.connection().takeJson().get(0);
    }

    @Test
    void anEmptySealedRoomComesBackSealedWithItsRotatedSaltAndPassword() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        SqliteServers.Client alice = open(first);
        assertEquals("Joined", joinProven(alice, SealedFrames.create("vault", "alice", aliceKey, PASSWORD), "alice",
                aliceKey).get(0).getString("msgType"));
        alice.send(SealedFrames.rotate("vault", "a new secret", SealedFrames.NEW_SALT));
        first.closed(alice.session());
        sqlite.stop(first);

        ChatServer second = sqlite.startWithCatalog("");
        assertEquals(SealedFrames.NEW_SALT, sealInfo(second).getString("salt"));
        TestIdentity bobKey = TestIdentity.create(TestIdentity.ED25519);
        SqliteServers.Client bob = open(second);
        assertEquals("sealed_room", joinProven(bob, SealedFrames.join("vault", "bob", bobKey, "a new secret", false),
                "bob", bobKey).get(0).getString("code"), "still sealed: an unaware client stays out");
        assertEquals("wrong_password", joinProven(bob, SealedFrames.join("vault", "bob", bobKey, PASSWORD, true),
                "bob", bobKey).get(0).getString("code"), "the old password is gone with the old salt");
        JsonObject joined = joinProven(bob, SealedFrames.join("vault", "bob", bobKey, "a new secret", true), "bob",
                bobKey).get(0);
        assertEquals(SealedFrames.NEW_SALT, joined.getJsonObject("seal").getString("salt"));
        assertEquals(true, joined.getBoolean("requireEncryption"));
    }

    @Test
    void aWipedSealedRoomComesBackUnderTheSaltAndPasswordOfItsWipe() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        SqliteServers.Client alice = open(first);
        joinProven(alice, SealedFrames.create("vault", "alice", aliceKey, PASSWORD), "alice", aliceKey);
        alice.send(SealedFrames.wipe("vault", "a new secret", SealedFrames.NEW_SALT));
        List<JsonObject> removed = alice.connection().takeJson();
        assertEquals("wiped", removed.get(removed.size() - 1).getString("reason"), removed::toString);
        first.closed(alice.session());
        sqlite.stop(first);

        ChatServer second = sqlite.startWithCatalog("");
        assertEquals(SealedFrames.NEW_SALT, sealInfo(second).getString("salt"));
        TestIdentity bobKey = TestIdentity.create(TestIdentity.ED25519);
        SqliteServers.Client bob = open(second);
        assertEquals("wrong_password", joinProven(bob, SealedFrames.join("vault", "bob", bobKey, PASSWORD, true),
                "bob", bobKey).get(0).getString("code"), "the password from before the wipe is gone");
        JsonObject joined = joinProven(bob, SealedFrames.join("vault", "bob", bobKey, "a new secret", true), "bob",
                bobKey).get(0);
        assertEquals(SealedFrames.NEW_SALT, joined.getJsonObject("seal").getString("salt"));
        assertEquals(0, joined.getJsonArray("history").size());
    }

    @Test
    void sealedHistoryComesBackFromTheFileAsItsSenderSealedIt() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        SqliteServers.Client alice = open(first);
        joinProven(alice, SealedFrames.create("vault", "alice", aliceKey, PASSWORD), "alice", aliceKey);
        alice.send(SealedFrames.broadcast("vault", "m1", "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc="));
        List<JsonObject> seen = new java.util.ArrayList<>();
        SqliteServers.awaitAck(alice, "m1", seen); // kept in the file once acknowledged
        JsonObject live = seen.stream().filter(f -> "Broadcast".equals(f.getString("msgType"))).findFirst()
                .orElseThrow();
        first.closed(alice.session());
        sqlite.stop(first);

        ChatServer second = sqlite.startWithCatalog("");
        TestIdentity bobKey = TestIdentity.create(TestIdentity.ED25519);
        JsonObject joined = joinProven(open(second), SealedFrames.join("vault", "bob", bobKey, PASSWORD, true),
                "bob", bobKey).get(0);
        assertEquals(List.of(live), joined.getJsonArray("history"));
    }

    @Test
    void aSealedRoomThatBecameTheDefaultRoomRefusesRagnarokClientsAndClosesThem() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        SqliteServers.Client alice = open(first);
        joinProven(alice, SealedFrames.create("vault", "alice", aliceKey, PASSWORD), "alice", aliceKey);
        first.closed(alice.session());
        sqlite.stop(first);

        // The operator makes the sealed room the default one: it keeps its seal (the catalog's rules).
        ChatServer second = sqlite.startWithCatalog("\"default_room\":\"vault\"");
        RecordingConnection connection = new RecordingConnection("10.0.0.5");
        SqliteServers.Client ragnarok = new SqliteServers.Client(second, connection, second.open(connection, true));
        ragnarok.send("any password");
        List<JsonObject> answer = connection.takeJson();
        assertEquals("sealed_room", answer.get(answer.size() - 1).getString("code"), answer::toString);
        assertEquals(org.safehouse.protocol.CloseCode.LEGACY_AUTH_FAILED, connection.closedWith());
    }
}
