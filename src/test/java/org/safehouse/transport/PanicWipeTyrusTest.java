package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.storage.SqliteServers;
import org.safehouse.testing.OwnerRequests;
import org.safehouse.testing.WsTestClient;

/**
 * A room's panic wipe over real WebSockets on Tyrus, with SQLite history in a data directory: the members are told
 * (Removed, nothing of the old content), and afterwards not one file of the data directory holds the canary that
 * was there before, byte for byte; the room goes on with its new password and keeps new messages.
 */
class PanicWipeTyrusTest {
    private static final String CANARY = "CANARY-tyrus-wipe-7f3Qx";

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"history_storage": "sqlite", "data_dir": "data", "rooms": [{"name": "lobby"}],
             "limits": {"messages_per_second": 1000, "message_burst": 1000}}""");

    @Test
    void theWipedRoomsCanaryIsInNoFileOfTheDataDirectoryAndItsMembersAreToldWithoutIt() throws Exception {
        try (WsTestClient alice = WsTestClient.connect(TYRUS.uri("/chat"));
             WsTestClient bob = WsTestClient.connect(TYRUS.uri("/chat"))) {
            alice.send(OwnerRequests.joinAsOwner("vault", "alice", "old password", "owner secret"));
            assertEquals("owner", alice.awaitType("Joined").getString("role"));
            bob.joinAndWait("vault", "bob", "old password");
            say(alice, "vault", CANARY, "c1");
            assertEquals(List.of("history.db"), filesHolding(CANARY), "stored first: the search can fail");

            alice.send(OwnerRequests.wipeRoom("vault", "vault", "new password 1"));

            for (WsTestClient member : List.of(alice, bob)) {
                JsonObject removed = member.awaitType("Removed");
                assertEquals("wiped", removed.getString("reason"));
                assertEquals("this room was wiped", removed.getString("text"));
                assertFalse(removed.toString().contains("CANARY"));
            }
            awaitNoFileHolding(CANARY);

            bob.joinAndWait("vault", "bob", "new password 1");
            say(bob, "vault", "after the wipe", "a1");
            assertEquals(List.of("history.db"), filesHolding("after the wipe"), "the room goes on");
            assertEquals(List.of(), filesHolding(CANARY));
        }
    }

    /** Broadcasts and waits for the Ack, which comes once the message is committed to the file. */
    private static void say(WsTestClient client, String room, String text, String clientMsgId) {
        client.send(Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text)
                .add("clientMsgId", clientMsgId).build().toString());
        client.await(f -> "Ack".equals(WsTestClient.type(f)) && clientMsgId.equals(f.getString("clientMsgId")));
    }

    /** The purge is written by the store's own thread: wait (bounded) until no file holds the text. */
    private static void awaitNoFileHolding(String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> holding = filesHolding(text);
        while (!holding.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            holding = filesHolding(text);
        }
        assertEquals(List.of(), holding, "after the wipe");
    }

    /** The names of the files of the data directory whose bytes hold the text, in UTF-8. */
    private static List<String> filesHolding(String text) throws Exception {
        List<String> holding = new ArrayList<>();
        Path data = TYRUS.directory().resolve("data");
        try (Stream<Path> files = Files.list(data)) { // not walk: it fails on a journal deleted meanwhile
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (NoSuchFileException deleted) {
                    continue; // a rollback journal deleted at its commit, while the server runs
                }
                if (SqliteServers.indexOf(bytes, text).isPresent()) {
                    holding.add(data.relativize(file).toString());
                }
            }
        }
        assertTrue(Files.exists(data.resolve("history.db")), "SQLite history in the data directory");
        return holding;
    }
}
