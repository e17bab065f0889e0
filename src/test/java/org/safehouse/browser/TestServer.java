package org.safehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.safehouse.deploy.FreePorts;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * The WAR under {@code java -jar} on a fixed free loopback port with a config written by the test, so it can be
 * stopped and started again where the pages expect it. {@link #close()} stops the process by its PID.
 */
final class TestServer implements AutoCloseable {
    private final Path config;
    private final int port;
    private ServerProcess process;

    private TestServer(Path config, int port) {
        this.config = config;
        this.port = port;
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
