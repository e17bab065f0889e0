package org.safehouse.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.WsTestClient;

/**
 * {@code Safehouse.builder()...start()} in this process, on a free loopback port: people chat through it, and the
 * application observes their joins, messages and leaves through {@link Safehouse#onEvent}.
 */
class SafehouseBuilderTest {
    final BlockingQueue<SafehouseEvent> events = new LinkedBlockingQueue<>();
    Safehouse safehouse;

    @AfterEach
    void stop() {
        if (safehouse != null) {
            safehouse.stop();
        }
    }

    @Test
    void theApplicationSeesJoinsMessagesAndLeavesOfPeopleChattingThroughIt() throws Exception {
        safehouse = Safehouse.builder().port(0).serverName("Embedded test").room("Lobby", "lobby password 1")
                .start().onEvent(events::add);
        URI chat = URI.create(safehouse.address().resolve("chat").toString().replaceFirst("^http", "ws"));
        assertTrue(chat.toString().matches("ws://127\\.0\\.0\\.1:\\d+/safehouse/chat"), chat.toString());

        try (WsTestClient alice = WsTestClient.connect(chat)) {
            assertEquals("Embedded test", alice.awaitType("Hello").getString("server"));
            alice.joinAndWait("Lobby", "alice", "lobby password 1");
            assertEquals(new SafehouseEvent.Joined("Lobby", "alice"), next());
            try (WsTestClient bob = WsTestClient.connect(chat)) {
                bob.joinAndWait("Lobby", "bob", "lobby password 1");
                assertEquals(new SafehouseEvent.Joined("Lobby", "bob"), next());

                alice.broadcast("Lobby", "hello bob");
                JsonObject atBob = bob.awaitType("Broadcast");
                assertEquals("hello bob", atBob.getString("text"));
                assertEquals(new SafehouseEvent.Message("Lobby", "alice", "hello bob",
                        Long.parseLong(atBob.getString("id"))), next());
            }
            assertEquals(new SafehouseEvent.Left("Lobby", "bob"), next());

            safehouse.stop();
            assertEquals(1001, alice.awaitClose(), "stop() tells clients the server is going away");
        }
    }

    @Test
    void theHealthEndpointAnswersUnderTheChosenPath() throws Exception {
        safehouse = Safehouse.builder().path("/tools/chat").start();
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(safehouse.address().resolve("health")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertTrue(safehouse.address().getPath().equals("/tools/chat/"), safehouse.address().toString());
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"up\""), health.body());
    }

    @Test
    void aRoomWithTheExamplesPasswordIsRefusedAndNothingKeepsRunning() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Safehouse.builder().room("family", "change me").start());
        assertNotNull(refused.getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().startsWith("safehouse-events") && thread.isAlive()
                        && !thread.isInterrupted()), "the event thread was stopped");
    }

    @Test
    void roomsOfTheBuilderComeOnTopOfTheConfigFilesAndOneBuilderStartsTwoServers(@TempDir Path directory)
            throws Exception {
        Path config = Files.writeString(directory.resolve("config.json"),
                "{\"rooms\": [{\"name\": \"Family\", \"password\": \"family password 1\"}]}");
        Safehouse.Builder builder = Safehouse.builder().config(config).room("Lobby", "lobby password 1");
        safehouse = builder.start();
        try (Safehouse second = builder.start()) {
            for (Safehouse server : List.of(safehouse, second)) {
                URI chat = URI.create(server.address().resolve("chat").toString().replaceFirst("^http", "ws"));
                try (WsTestClient alice = WsTestClient.connect(chat)) { // rooms that exist refuse a wrong password
                    alice.join("Family", "alice", "lobby password 1");
                    assertEquals("Family", alice.awaitError("wrong_password").getString("room"));
                    alice.join("Lobby", "alice", "family password 1");
                    assertEquals("Lobby", alice.awaitError("wrong_password").getString("room"));
                    alice.joinAndWait("Lobby", "alice", "lobby password 1");
                }
            }
        }
    }

    private SafehouseEvent next() throws InterruptedException {
        SafehouseEvent event = events.poll(WsTestClient.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(event, "no event within " + WsTestClient.WAIT);
        return event;
    }
}
