package org.safehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.safehouse.deploy.FreePorts;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * The WAR under {@code java -jar} on a fixed free loopback port with a config written by the test, so it can be
 * stopped and started again where the pages expect it. {@link #close()} stops the process by its PID.
 * <p>As a JUnit extension ({@code @RegisterExtension final TestServer server = TestServer.forEachTest(json)}) it
 * starts a fresh server before each test and stops it after.
 */
final class TestServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
    private Path config;
    private int port;
    private final String configJson;
    private ServerProcess process;

    private TestServer(Path config, int port) {
        this.config = config;
        this.port = port;
        this.configJson = null;
    }

    private TestServer(String configJson) {
        this.configJson = configJson;
    }

    /** A server with this config, started before each test of the class that registers it, stopped after. */
    static TestServer forEachTest(String configJson) {
        return new TestServer(configJson);
    }

    /**
     * The most tests' server: one room, garden ("The garden", password "tulips in spring"), and presence sent
     * every 50 ms so lists follow quickly. Started before each test, stopped after.
     */
    static TestServer gardenForEachTest() {
        return forEachTest("""
                {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"}],
                 "limits": {"presence_interval_ms": 50}}
                """);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Path directory = Files.createTempDirectory("safehouse-browser-server-");
        config = Files.writeString(directory.resolve("config.json"), configJson);
        port = FreePorts.pick(1)[0];
        startAgain();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(config.getParent())) { // the config and whatever the server wrote
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Writes {@code configJson} to {@code directory/config.json} and starts the server with it. */
    static TestServer start(Path directory, String configJson) {
        try {
            Path config = Files.writeString(directory.resolve("config.json"), configJson);
            TestServer server = new TestServer(config, FreePorts.pick(1)[0]);
            server.startAgain();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server (after {@link #stop()}) on the same port with the same config. */
    void startAgain() {
        process = ServerProcess.start(config, port);
    }

    void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    int port() {
        return port;
    }

    /** The directory of the config file: a relative {@code data_dir} (SQLite history, invites) is under it. */
    Path directory() {
        return config.getParent();
    }

    /** The server process's id (for a heap dump). */
    long pid() {
        if (process == null) {
            throw new IllegalStateException("the server is stopped");
        }
        return process.pid();
    }

    URI page() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** A participant without a browser (a script, another client): no Origin header, as the protocol allows. */
    WsTestClient connect() {
        return WsTestClient.connect(URI.create("ws://127.0.0.1:" + port + "/chat"));
    }

    String output() {
        return process == null ? "(stopped)" : process.output();
    }

    @Override
    public void close() {
        stop();
    }
}
