package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * A client that stops reading, on {@code java -jar} over real sockets: the moment its queue overflows it leaves its
 * room (its neighbours see it gone within a second or two, not after the ~35 s a polite close behind its backlog
 * took), and its socket is aborted rather than closed behind megabytes it will never read.
 */
class SlowConsumerIT {
    private static final int MAX_MESSAGES = 3000; // 24 MB: far more than loopback TCP buffers and the queue hold
    private static final String EVICTED = "evicting a connection (4002";

    @TempDir
    static Path directory;
    private static ServerProcess server;

    @RegisterExtension
    static final TestWatcher PRINT_SERVER_OUTPUT = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.out.println("---- server output ----\n" + (server == null ? "(not started)" : server.output()));
        }
    };

    @BeforeAll
    static void startServer() throws IOException {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"limits": {"presence_interval_ms": 50, "messages_per_second": 5000, "message_burst": 5000,
                            "max_text_chars": 10000, "outbound_queue_bytes": 262144}}
                """);
        server = ServerProcess.start(config);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    static boolean slothLeft(JsonObject frame) {
        return "Presence".equals(WsTestClient.type(frame))
                && frame.getJsonArray("left").getValuesAs(JsonString::getString).contains("sloth");
    }

    @Test
    void aClientThatStopsReadingLeavesItsRoomTheMomentItsQueueOverflowsAndItsSocketIsAborted() {
        try (WsTestClient talker = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient watcher = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient sloth = WsTestClient.connect(server.webSocket("/chat"))) {
            talker.joinAndWait("den", "talker", null);
            watcher.joinAndWait("den", "watcher", null);
            sloth.joinAndWait("den", "sloth", null);
            watcher.awaitMembers("den", List.of("talker", "watcher"), Set.of("talker", "watcher", "sloth"));
            sloth.stopReading();

            String padding = "x".repeat(8000);
            long evictedAt = 0;
            long leftAt = 0;
            for (int i = 0; i < MAX_MESSAGES && evictedAt == 0; i++) {
                talker.broadcast("den", padding);
                JsonObject frame = watcher.await(f -> "Broadcast".equals(WsTestClient.type(f)) || slothLeft(f));
                if (slothLeft(frame)) {
                    leftAt = System.nanoTime();
                    watcher.awaitType("Broadcast");
                }
                if (server.output().contains(EVICTED)) {
                    evictedAt = System.nanoTime();
                }
            }
            assertTrue(evictedAt != 0, "the server evicted the client that stopped reading");
            if (leftAt == 0) {
                watcher.await(SlowConsumerIT::slothLeft, Duration.ofSeconds(10));
                leftAt = System.nanoTime();
            }
            long millis = Math.max(0, (leftAt - evictedAt) / 1_000_000);
            System.out.println("the neighbours saw the slow client leave " + millis + " ms after its eviction");
            assertTrue(millis < 2000, "seen gone within 2 s of the overflow, took " + millis + " ms");

            // Aborted: reading again, it finds its connection gone without the polite 4002 behind the backlog.
            sloth.resumeReading();
            int code = sloth.awaitClose(Duration.ofSeconds(10));
            assertNotEquals(4002, code, "no close frame queued behind megabytes");
            talker.broadcast("den", "still here");
            watcher.await(f -> "Broadcast".equals(WsTestClient.type(f)) && "still here".equals(f.getString("text")));
        }
    }
}
