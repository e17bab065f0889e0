package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * Where a server run by a test may keep what it was sent: the files under its data directory (SQLite, journal, WAL)
 * and its heap, searched with {@link HeapSearch} in every encoding a JVM or SQLite may use. For canary tests: a text
 * that must not be on the server, beside a control text that must be (which shows the search works); and its output,
 * with a control of its own ({@link #capturedOutput}).
 */
final class ServerTraces {
    private static final Duration ON_DISK = Duration.ofSeconds(30);
    /** What the server logs for every WebSocket it accepts on /chat (transport/WebSocketEndpoint). */
    private static final String CONNECTION_LOGGED = "chat WebSocket opened from ";

    private ServerTraces() {
    }

    /** Whether any file under {@code directory} holds the text. */
    static boolean filesContain(Path directory, String text) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (HeapSearch.contains(Files.readAllBytes(file), text)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (30 s at most) until a file under {@code directory} holds the text, e.g. the SQLite writer's commit. */
    static void awaitInFiles(Path directory, String text) throws InterruptedException {
        waitUntil("the text to be written under " + directory, () -> filesContain(directory, text));
    }

    /**
     * The server's output, known to be captured up to now: opens one more connection and waits until the output shows
     * the line the server logs for it. The positive control of a search of the log: a text missing from an output
     * that was captured through the whole test, up to this moment, is really missing.
     */
    static String capturedOutput(ServerProcess server) throws InterruptedException {
        int before = occurrences(server.output(), CONNECTION_LOGGED);
        try (WsTestClient marker = WsTestClient.connect(server.webSocket("/chat"))) {
            waitUntil("the server to log the connection opened just now (\"" + CONNECTION_LOGGED + "\")",
                    () -> occurrences(server.output(), CONNECTION_LOGGED) > before);
        }
        return server.output();
    }

    private static int occurrences(String text, String fragment) {
        int count = 0;
        for (int at = text.indexOf(fragment); at >= 0; at = text.indexOf(fragment, at + fragment.length())) {
            count++;
        }
        return count;
    }

    /** A heap dump of the process (all objects, unreachable ones too), by the jcmd of the JDK running the tests. */
    static byte[] heapDump(long pid, Path file) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_dump", "-all",
                file.toAbsolutePath().toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        boolean exited = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!exited) {
            process.destroyForcibly();
            throw new AssertionError("jcmd did not finish within 120 s: " + output);
        }
        assertEquals(0, process.exitValue(), "jcmd failed: " + output);
        assertTrue(Files.size(file) > 0, "an empty heap dump: " + output);
        return Files.readAllBytes(file);
    }

    private static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + ON_DISK.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + ON_DISK + " for " + what);
            }
            Thread.sleep(100); // polling a file or the output: there is nothing to wait on
        }
    }
}
