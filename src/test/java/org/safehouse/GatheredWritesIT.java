package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * Frames that queue up for one connection leave together, several per write (Jetty under {@code java -jar}): a
 * member that stopped reading for a while gets, once it reads again, every message of its backlog as its own
 * message, whole and in order, small ones (which Jetty copies into one buffer) and large ones (written beside it)
 * alike, and the operator's deliveries count still counts frames.
 */
class GatheredWritesIT {
    private static final int MESSAGES = 1500;

    @TempDir
    static Path directory;
    private static ServerProcess server;

    @RegisterExtension
    static final ServerProcesses SERVERS = ServerProcesses.forTheClass();

    @BeforeAll
    static void startServer() throws IOException {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"limits": {"messages_per_second": 5000, "message_burst": 5000,
                            "outbound_queue_bytes": 16777216, "outbound_queue_frames": 8192}}
                """);
        server = SERVERS.keep("server", ServerProcess.start(config));
    }

    /** Small texts are batched by Jetty, texts over a quarter of its 4 KiB buffer are not: mix both. */
    private static String text(int i) {
        String size = i % 3 == 0 ? "x".repeat(3000) : "y".repeat(40);
        return i + ":" + size;
    }

    @Test
    void aMemberThatFellBehindGetsEveryMessageWholeAndInOrderOnceItReadsAgain() {
        try (WsTestClient talker = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient watcher = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient lagger = WsTestClient.connect(server.webSocket("/chat"))) {
            talker.joinAndWait("den", "talker", null);
            watcher.joinAndWait("den", "watcher", null);
            lagger.joinAndWait("den", "lagger", null);
            watcher.awaitMembers("den", List.of("talker", "watcher"), Set.of("talker", "watcher", "lagger"));
            lagger.stopReading();

            for (int i = 0; i < MESSAGES; i++) {
                talker.broadcast("den", text(i));
            }
            String last = text(MESSAGES - 1);
            watcher.await(f -> "Broadcast".equals(WsTestClient.type(f)) && last.equals(f.getString("text")),
                    Duration.ofSeconds(60));

            lagger.resumeReading();
            int next = 0;
            while (next < MESSAGES) {
                String raw = lagger.nextRaw();
                JsonObject frame = WsTestClient.parse(raw);
                assertNotNull(frame, "one message, one JSON frame: " + raw.substring(0, Math.min(80, raw.length())));
                if (!"Broadcast".equals(WsTestClient.type(frame))) {
                    continue; // presence and the like
                }
                assertEquals(text(next), frame.getString("text"), "message " + next + " whole and in its place");
                next++;
            }
            assertFalse(lagger.isClosed(), "a member that catches up within its queue's bound stays connected");
            assertTrue(deliveriesCounted() >= 3L * MESSAGES,
                    "the operator's count is of frames delivered, however many left in one write");
        }
    }

    private static long deliveriesCounted() {
        try {
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(server.http("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher count = Pattern.compile("(?m)^safehouse_deliveries_out_total ([0-9.E]+)$").matcher(metrics.body());
            assertTrue(count.find(), metrics.body());
            return (long) Double.parseDouble(count.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
