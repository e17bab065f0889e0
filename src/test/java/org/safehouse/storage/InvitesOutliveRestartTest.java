package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.core.InviteStore;
import org.safehouse.testing.InviteRequests;
import org.safehouse.testing.RecordingConnection;
import org.safehouse.testing.TestIdentity;

/**
 * With durable history, a sealed room's invites and admissions outlive a restart: a link keeps its remaining uses
 * (not one more), a key it let in comes back without the password, and the file holds the token's hash, never the
 * token.
 */
class InvitesOutliveRestartTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    /** Sends the Join, signs the challenge; returns the frame after the proof, or the refusal of the Join. */
    static JsonObject joined(ChatServer server, String join, String nick, TestIdentity keys) {
        RecordingConnection connection = new RecordingConnection("10.0.0.1");
        SqliteServers.Client client = new SqliteServers.Client(server, connection, server.open(connection, false));
        connection.take(); // Hello
        client.send(join);
        List<JsonObject> frames = connection.takeJson();
        JsonObject first = frames.get(0);
        if (!"Challenge".equals(first.getString("msgType"))) {
            return first;
        }
        client.send("{\"msgType\":\"Prove\",\"room\":\"vault\",\"signature\":\""
                + keys.sign(first.getString("challenge"), "vault", nick) + "\"}");
        return connection.takeJson().get(0);
    }

    @Test
    void aLinksUsesAndItsAdmissionsComeBackAfterARestart() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        TestIdentity aliceKeys = TestIdentity.create(TestIdentity.ED25519);
        RecordingConnection aliceConnection = new RecordingConnection("10.0.0.1");
        SqliteServers.Client alice = new SqliteServers.Client(first, aliceConnection,
                first.open(aliceConnection, false));
        alice.send(InviteRequests.joinWithKeys("vault", "alice", aliceKeys, "correct horse"));
        String challenge = aliceConnection.takeJson().stream().filter(f -> f.getString("msgType").equals("Challenge"))
                .findFirst().orElseThrow().getString("challenge");
        alice.send("{\"msgType\":\"Prove\",\"room\":\"vault\",\"signature\":\""
                + aliceKeys.sign(challenge, "vault", "alice") + "\"}");
        aliceConnection.take();
        alice.send(InviteRequests.createInvite("vault", 2, 86_400_000));
        String token = aliceConnection.takeJson().get(0).getString("token");
        TestIdentity bobKeys = TestIdentity.create(TestIdentity.ED25519);
        assertEquals("Joined", joined(first, InviteRequests.joinWithInvite("vault", "bob", bobKeys, token), "bob",
                bobKeys).getString("msgType"));
        sqlite.stop(first);

        byte[] file = Files.readAllBytes(dir.resolve("history.db"));
        assertTrue(SqliteServers.indexOf(file, InviteStore.tokenHash(token)).isPresent(), "the search works");
        assertTrue(SqliteServers.indexOf(file, token).isEmpty(), "the file keeps the token's hash only");

        ChatServer second = sqlite.startWithCatalog("");
        assertEquals("Joined", joined(second, InviteRequests.joinWithKeys("vault", "bob", bobKeys, null), "bob",
                bobKeys).getString("msgType"), "admitted before the restart: no password needed");
        TestIdentity carolKeys = TestIdentity.create(TestIdentity.ED25519);
        assertEquals("Joined", joined(second, InviteRequests.joinWithInvite("vault", "carol", carolKeys, token),
                "carol", carolKeys).getString("msgType"), "the second use");
        TestIdentity daveKeys = TestIdentity.create(TestIdentity.ED25519);
        assertEquals("invite_invalid", joined(second, InviteRequests.joinWithInvite("vault", "dave", daveKeys,
                token), "dave", daveKeys).getString("code"), "no third use, restart or not");
    }
}
