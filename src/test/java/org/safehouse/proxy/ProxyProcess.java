package org.safehouse.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.safehouse.deploy.ContainerProcess;

/**
 * A reverse proxy (Debian's nginx or caddy) run in the foreground as a child process, ready once the page answers
 * through it, stopped by PID.
 */
final class ProxyProcess implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(30);

    private final ContainerProcess process;

    private ProxyProcess(ContainerProcess process) {
        this.process = process;
    }

    /** The first of these paths that is an executable; fails loudly, saying how to install it, when none is. */
    static Path executable(String name, List<String> candidates) {
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError(name + " is not installed: the reverse-proxy tests need Debian's " + name
                + " (test.sh installs it as root: apt-get install " + name + ")");
    }

    /** Starts the command in {@code directory} (output to {@code <name>-output.log}) and waits for the page. */
    static ProxyProcess start(String name, List<String> command, Path directory, Map<String, String> environment,
                              int listenPort) {
        ContainerProcess process = ContainerProcess.start(name, command, directory, environment,
                directory.resolve(name + "-output.log"), List.of());
        ProxyProcess proxy = new ProxyProcess(process);
        try {
            process.awaitHttp(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + listenPort + "/"), 200,
                    START);
            return proxy;
        } catch (RuntimeException | AssertionError e) {
            proxy.close();
            throw e;
        }
    }

    String output() {
        return process.output();
    }

    @Override
    public void close() {
        process.close();
    }
}
