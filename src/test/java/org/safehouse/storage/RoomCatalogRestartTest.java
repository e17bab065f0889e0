package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ChatSession;
import org.safehouse.testing.RecordingConnection;

/**
 * With durable history, a created room keeps its name and password verifier past its last member and a restart, so
 * nobody can re-create it with another password (or none).
 */
class RoomCatalogRestartTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    ChatServer start() throws Exception {
        return sqlite.startWithCatalog("");
    }

    record Client(RecordingConnection connection, ChatSession session) {
    }

    static Client open(ChatServer server, String address) {
        RecordingConnection recording = new RecordingConnection(address);
        Client client = new Client(recording, server.open(recording, false));
        recording.take();
        return client;
    }

    static JsonObject joinOnce(ChatServer server, Client client, String room, String nick, String password) {
        server.receive(client.session(), "{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\""
                + nick + "\",\"password\":" + (password == null ? "null" : "\"" + password + "\"") + "}");
        List<JsonObject> frames = client.connection().takeJson();
        return frames.get(frames.size() - 1);
    }

    @Test
    void aCreatedRoomWithHistoryOutlivesItsMembersAndARestartWithItsPassword() throws Exception {
        ChatServer first = start();
        Client owner = open(first, "10.0.0.1");
        assertEquals("Joined", joinOnce(first, owner, "attic", "ann", "s3cret").getString("msgType"));
        first.receive(owner.session(), "{\"msgType\":\"Broadcast\",\"room\":\"attic\",\"text\":\"our plans\"}");
        first.closed(owner.session());
        Client squatter = open(first, "10.6.6.6");
        assertEquals("wrong_password", joinOnce(first, squatter, "attic", "mal", null).getString("code"),
                "the room outlived its last member");
        sqlite.stop(first);
        try (var files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".db")).toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)),
                        "the catalog's file is the owner's alone");
            }
        }

        ChatServer second = start();
        Client squatterAgain = open(second, "10.6.6.6");
        assertEquals("wrong_password", joinOnce(second, squatterAgain, "ATTIC", "mal", null).getString("code"),
                "nor can it be re-created without a password after a restart");
        assertEquals("wrong_password", joinOnce(second, squatterAgain, "attic", "mal", "mine now")
                .getString("code"), "or with another password");
        Client back = open(second, "10.0.0.1");
        JsonObject joined = joinOnce(second, back, "attic", "ann", "s3cret");
        assertEquals("Joined", joined.getString("msgType"));
        assertTrue(joined.getBoolean("password"));
        assertEquals("our plans", joined.getJsonArray("history").getJsonObject(0).getString("text"));
    }

    @Test
    void aCreatedRoomWithoutAnyHistoryStillGoesWithItsLastMember() throws Exception {
        ChatServer server = start();
        Client owner = open(server, "10.0.0.1");
        joinOnce(server, owner, "attic", "ann", "s3cret");
        server.closed(owner.session());
        assertEquals(List.of(), server.members("attic"));
        Client other = open(server, "10.0.0.2");
        assertEquals("Joined", joinOnce(server, other, "attic", "bob", "other").getString("msgType"),
                "nothing was said there: there is nothing to protect");
    }
}
