package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * Under {@code java -jar} on one node, every WebSocket message is read, and our whole receive path runs, on Jetty's
 * selector thread, which serves every connection of that selector ({@code embed/SelectorReadingConnector}). That is
 * only safe while nothing on the receive path waits: a join's Argon2id, a durable store's writes, a slow client's
 * close must all happen elsewhere. This test records the real server with Java Flight Recorder while people do what
 * they do (password joins right and wrong, durable history, paging, private messages, a flood that drops a client
 * which stopped reading, malformed and oversized frames) and then checks that no wait of {@value #WAIT_MS} ms or more
 * (a park, a monitor wait or entry, a sleep, socket or file I/O) happened inside a read the selector ran.
 */
class SelectorNeverWaitsIT {
    /** Waits shorter than this are not recorded: a lock briefly held by a thread the machine preempted is not a bug. */
    private static final int WAIT_MS = 500;
    private static final String SELECTOR_TASK = "org.safehouse.embed.SelectorReadingConnector$NonBlockingTask";
    private static final List<String> WAITS = List.of("jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.JavaMonitorEnter",
            "jdk.ThreadSleep", "jdk.SocketRead", "jdk.SocketWrite", "jdk.FileRead", "jdk.FileWrite");

    @TempDir
    static Path directory;

    @RegisterExtension
    static final ServerProcesses SERVERS = ServerProcesses.forTheClass();

    @Test
    void whatPeopleDoNeverMakesTheSelectorThreadWait() throws IOException {
        Path recording = directory.resolve("selector.jfr");
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"server_name": "Safehouse IT", "data_dir": "data", "history_storage": "sqlite",
                 "rooms": [{"name": "vault", "password": "vault password"}],
                 "limits": {"messages_per_second": 5000, "message_burst": 5000, "max_text_chars": 10000,
                            "outbound_queue_bytes": 524288}}
                """);
        ServerProcess server = SERVERS.keep("server", ServerProcess.start(config, List.of(
                "-XX:StartFlightRecording=filename=" + recording + ",settings=" + waitSettings() + ",dumponexit=true",
                "-XX:FlightRecorderOptions:stackdepth=1024")));

        try (WsTestClient alice = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient bob = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient mallory = WsTestClient.connect(server.webSocket("/chat"))) {
            alice.joinAndWait("vault", "alice", "vault password");
            bob.joinAndWait("vault", "bob", "vault password");
            mallory.join("vault", "mallory", "guess");
            mallory.awaitError("wrong_password");

            for (int i = 0; i < 50; i++) {
                alice.broadcast("vault", "line " + i);
            }
            long lastId = 0;
            for (int i = 0; i < 50; i++) {
                JsonObject line = bob.awaitType("Broadcast");
                assertEquals("line " + i, line.getString("text"));
                lastId = Long.parseLong(line.getString("id"));
            }
            bob.send("{\"msgType\":\"History\",\"room\":\"vault\",\"before\":\"" + lastId + "\",\"limit\":20}");
            assertEquals(20, bob.awaitType("History").getJsonArray("messages").size());
            alice.privateMessage("vault", "bob", "psst");
            assertEquals("psst", bob.awaitType("PrivateMessage").getString("text"));

            mallory.send("{\"msgType\":");
            mallory.awaitError("bad_json");
            mallory.send("x".repeat(100_000)); // above max_frame_bytes (65,536)
            assertEquals(1009, mallory.awaitClose(Duration.ofSeconds(30)));
        }
        floodUntilAClientThatStoppedReadingIsDropped(server);

        assertEquals(0, server.terminate(Duration.ofSeconds(60)), "SIGTERM: Jetty stops, the recording is dumped");
        List<String> waitsOnTheSelector = new ArrayList<>();
        int selectorSamples = 0;
        int waitsElsewhere = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            boolean onSelector = ranInASelectorRead(event.getStackTrace());
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                selectorSamples += onSelector ? 1 : 0;
            } else if (WAITS.contains(type) && onSelector) {
                waitsOnTheSelector.add(type + " " + event.getDuration().toMillis() + " ms at "
                        + describe(event.getStackTrace()));
            } else if (WAITS.contains(type)) {
                waitsElsewhere++;
            }
        }
        assertTrue(selectorSamples > 0, "the recording sees reads run by the selector, whole stacks");
        assertTrue(waitsElsewhere > 0, "the recording sees waits (idle workers, the closer, the store's writer)");
        assertEquals(List.of(), waitsOnTheSelector);
    }

    /** A talker floods a room in which one member stopped reading: its queue overflows and it is dropped. */
    private static void floodUntilAClientThatStoppedReadingIsDropped(ServerProcess server) {
        try (WsTestClient talker = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient sloth = WsTestClient.connect(server.webSocket("/chat"))) {
            talker.joinAndWait("flood", "talker", null);
            sloth.joinAndWait("flood", "sloth", null);
            talker.awaitMembers("flood", List.of("talker"), Set.of("talker", "sloth"));
            sloth.stopReading();
            String padding = "x".repeat(7990);
            for (int i = 0; i < 2000; i++) {
                talker.broadcast("flood", String.format("%05d ", i) + padding);
            }
            assertEquals(Set.of("talker"), talker.awaitMembers("flood", Set.of("talker", "sloth"), Set.of("talker")));
            sloth.resumeReading();
            int code = sloth.awaitClose(Duration.ofSeconds(30));
            assertTrue(code == -1 || code == 1006 || code == 4002, "the client that stopped reading was dropped: " + code);
            assertFalse(talker.isClosed(), "the talker goes on");
        }
    }

    private static boolean ranInASelectorRead(RecordedStackTrace stack) {
        if (stack == null) {
            return false;
        }
        for (RecordedFrame frame : stack.getFrames()) {
            if (frame.isJavaFrame() && frame.getMethod().getType().getName().equals(SELECTOR_TASK)
                    && frame.getMethod().getName().equals("run")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(RecordedStackTrace stack) {
        List<String> top = new ArrayList<>();
        for (RecordedFrame frame : stack.getFrames()) {
            if (top.size() == 12) {
                break;
            }
            top.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
        }
        return String.join(" < ", top);
    }

    /** Flight Recorder settings: the waits, with their stacks, from {@value #WAIT_MS} ms; and execution samples. */
    private static Path waitSettings() throws IOException {
        StringBuilder events = new StringBuilder();
        for (String wait : WAITS) {
            events.append("  <event name=\"").append(wait).append("\">\n")
                    .append("    <setting name=\"enabled\">true</setting>\n")
                    .append("    <setting name=\"stackTrace\">true</setting>\n")
                    .append("    <setting name=\"threshold\">").append(WAIT_MS).append(" ms</setting>\n")
                    .append("  </event>\n");
        }
        events.append("  <event name=\"jdk.ExecutionSample\">\n")
                .append("    <setting name=\"enabled\">true</setting>\n")
                .append("    <setting name=\"period\">10 ms</setting>\n")
                .append("  </event>\n");
        return Files.writeString(directory.resolve("waits.jfc"),
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\" label=\"waits\">\n"
                        + events + "</configuration>\n");
    }
}
