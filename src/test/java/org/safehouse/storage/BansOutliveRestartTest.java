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
import org.safehouse.core.ChatSession;
import org.safehouse.testing.ModerationRequests;
import org.safehouse.testing.RecordingConnection;

/**
 * With durable history, a room's bans outlive a restart: by nickname, and by address group, whose digest is keyed
 * with the server secret the catalog keeps (a new secret would silently forget every address ban).
 */
class BansOutliveRestartTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    record Client(RecordingConnection connection, ChatSession session) {
    }

    static Client open(ChatServer server, String address) {
        RecordingConnection recording = new RecordingConnection(address);
        Client client = new Client(recording, server.open(recording, false));
        recording.take();
        return client;
    }

    /** The Joined or Error that answered a Join (with an owner password when one is given). */
    static JsonObject join(ChatServer server, Client client, String nick, String ownerPassword) {
        var join = Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", "attic")
                .add("nick", nick);
        server.receive(client.session(), (ownerPassword == null ? join : join.add("ownerPassword", ownerPassword))
                .build().toString());
        List<JsonObject> frames = client.connection().takeJson();
        return frames.stream().filter(f -> List.of("Joined", "Error").contains(f.getString("msgType"))).findFirst()
                .orElseThrow(() -> new AssertionError("no answer to the Join: " + frames));
    }

    @Test
    void aBanByNicknameAndAddressHoldsAfterARestart() throws Exception {
        ChatServer first = sqlite.startWithCatalog("");
        Client ann = open(first, "10.0.0.1");
        assertEquals("owner", join(first, ann, "ann", "owner secret").getString("role"));
        Client bob = open(first, "10.0.0.2");
        assertEquals("Joined", join(first, bob, "bob", null).getString("msgType"));
        first.receive(ann.session(), ModerationRequests.ban("attic", "bob", "spam", null));
        assertEquals(List.of("ann"), first.members("attic"));
        sqlite.stop(first);

        ChatServer second = sqlite.startWithCatalog("");
        assertEquals("banned", join(second, open(second, "10.0.0.2"), "robert", null).getString("code"),
                "the address group, under another name");
        assertEquals("banned", join(second, open(second, "10.0.0.3"), "BOB", null).getString("code"),
                "the nickname, from elsewhere");
        assertEquals("Joined", join(second, open(second, "10.0.0.3"), "carol", null).getString("msgType"));
    }
}
