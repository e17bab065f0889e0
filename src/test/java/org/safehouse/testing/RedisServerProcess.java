package org.safehouse.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real redis-server for tests: Debian's {@code /usr/bin/redis-server} on a free loopback port, in its own temp
 * directory, with an append-only file synced on every write (so {@link #restart()} shows what a durable Redis keeps).
 * Started by {@link #start()}, stopped by its PID ({@link #stop()}, also on {@link #close()}); never skipped: without
 * the binary it fails, naming what installs it.
 */
public final class RedisServerProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/redis-server");
    private static final long START_DEADLINE_MILLIS = 20_000;

    private final Path directory;
    private final int port;
    private Process process;

    private RedisServerProcess(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts a fresh redis-server and waits until it answers PING. */
    public static RedisServerProcess start() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: test.sh installs redis-server "
                    + "(apt-get install redis-server)");
        }
        RedisServerProcess redis = new RedisServerProcess(Files.createTempDirectory("safehouse-redis-"), freePort());
        redis.launch();
        return redis;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>/0}. */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public long pid() {
        return process.pid();
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SHUTDOWN (Redis finishes its append-only file), then starts again on the same port and directory. */
    public void restart() throws IOException {
        shutdown();
        launch();
    }

    /** SHUTDOWN, waiting for the process to end; {@link #resume()} starts it again on the same port and directory. */
    public void shutdown() throws IOException {
        try {
            command("SHUTDOWN");
        } catch (IOException expected) {
            // Redis closes the connection instead of answering
        }
        waitForExit();
    }

    /** Starts the server again after {@link #shutdown()}; the append-only file is loaded. */
    public void resume() throws IOException {
        launch();
    }

    /** FLUSHALL: every key of every database gone. */
    public void flushAll() throws IOException {
        String answer = command("FLUSHALL");
        if (!answer.equals("+OK")) {
            throw new IOException("FLUSHALL answered " + answer);
        }
    }

    /** Sends one command (words without spaces) and returns Redis's first answer line, e.g. {@code +PONG}. */
    public String command(String... words) throws IOException {
        StringBuilder request = new StringBuilder("*" + words.length + "\r\n");
        for (String word : words) {
            request.append('$').append(word.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(word).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readLine(socket.getInputStream());
        }
    }

    /** Stops the server by its PID (SIGTERM, then SIGKILL after 10 s) and keeps the directory. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(List.of(BINARY.toString(), "--port", String.valueOf(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--dir", directory.toString(), "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited at start: " + lastLog());
            }
            try {
                if (command("PING").equals("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting or loading the append-only file
            }
            sleepBriefly();
        }
        stop();
        throw new IOException("redis-server did not answer PING within " + START_DEADLINE_MILLIS + " ms: " + lastLog());
    }

    private void waitForExit() throws IOException {
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                stop();
                throw new IOException("redis-server did not shut down");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for redis-server to shut down", e);
        }
    }

    private String lastLog() throws IOException {
        Path log = directory.resolve("redis.log");
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\r') {
            line.append((char) c);
        }
        if (c == -1 && line.length() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
