package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.TestIdentity;

/** With durable history, a room someone owns keeps its owner, roles and settings across a restart, even empty. */
class OwnedRoomRestartTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);
    final TestIdentity bobKey = TestIdentity.create(TestIdentity.ED25519);

    static JsonObject last(SqliteServers.Client client) {
        List<JsonObject> frames = client.connection().takeJson();
        return frames.get(frames.size() - 1);
    }

    static SqliteServers.Client open(ChatServer server) {
        SqliteServers.Client client = SqliteServers.join(server, "elsewhere", "x", "");
        client.connection().take();
        return client;
    }

    /** Joins "den" with keys, signs the challenge; returns the Joined. */
    JsonObject joinProven(SqliteServers.Client client, String nick) {
        client.send(ClientFrames.joinWithKeys("den", nick, bobKey));
        String challenge = last(client).getString("challenge");
        client.send(ClientFrames.prove("den", bobKey.sign(challenge, "den", nick)));
        return client.connection().takeJson().get(0);
    }

    @Test
    void anEmptyOwnedRoomComesBackWithItsOwnerModeratorsAndSettings() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        SqliteServers.Client ann = open(first);
        ann.send(OwnerRequests.joinAsOwner("den", "ann", null, "owner secret 1"));
        assertEquals("owner", ann.connection().takeJson().get(0).getString("role"));
        SqliteServers.Client bob = open(first);
        joinProven(bob, "bob");
        ann.send(OwnerRequests.setRole("den", "bob", "moderator"));
        ann.send(OwnerRequests.roomSettings("den", Json.createObjectBuilder().add("topic", "plans")
                .add("postPolicy", "moderators").build()));
        first.closed(ann.session());
        first.closed(bob.session());
        sqlite.stop(first);

        ChatServer second = sqlite.startWithCatalog("");
        JsonObject bobBack = joinProven(open(second), "bobby");
        assertEquals("moderator", bobBack.getString("role"), "the moderator is its key, under any nickname");
        assertEquals("plans", bobBack.getString("topic"));
        assertEquals("moderators", bobBack.getJsonObject("settings").getString("postPolicy"));
        SqliteServers.Client annBack = open(second);
        annBack.send(OwnerRequests.joinAsOwner("den", "ann", null, "owner secret 1"));
        assertEquals("owner", annBack.connection().takeJson().get(0).getString("role"));
        SqliteServers.Client eve = open(second);
        eve.send(OwnerRequests.joinAsOwner("den", "eve", null, "a guess"));
        assertEquals("wrong_password", last(eve).getString("code"));
    }
}
