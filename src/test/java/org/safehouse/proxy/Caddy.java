package org.safehouse.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.safehouse.deploy.ContainerProcess;

/**
 * Debian's caddy in front of a Safehouse server, with the site block of docs/DEPLOY.md (plain HTTP on loopback
 * instead of automatic HTTPS; no admin endpoint), run in the foreground as a child process and stopped by PID. Its
 * storage goes to the test's directory. Caddy 2.6 cannot choose the address it connects from, so it reaches the
 * server from 127.0.0.1, the trusted proxy, and the tests' clients come from other loopback addresses.
 */
final class Caddy implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(30);

    private final ContainerProcess process;

    private Caddy(ContainerProcess process) {
        this.process = process;
    }

    static Path executable() {
        for (String candidate : List.of("/usr/bin/caddy", "/usr/sbin/caddy", "/usr/local/bin/caddy")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new AssertionError("caddy is not installed: the reverse-proxy tests need Debian's caddy "
                + "(test.sh installs it as root: apt-get install caddy)");
    }

    static String configuration(int listenPort, int serverPort) {
        return """
                {
                	admin off
                	auto_https off
                }
                http://127.0.0.1:%d {
                	bind 127.0.0.1
                	reverse_proxy 127.0.0.1:%d
                }
                """.formatted(listenPort, serverPort);
    }

    static Caddy start(Path directory, int listenPort, int serverPort) {
        Path caddyfile = directory.resolve("Caddyfile");
        try {
            Files.writeString(caddyfile, configuration(listenPort, serverPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ContainerProcess process = ContainerProcess.start("caddy", List.of(executable().toString(), "run",
                        "--config", caddyfile.toString(), "--adapter", "caddyfile"), directory,
                Map.of("XDG_DATA_HOME", directory.resolve("data").toString(),
                        "XDG_CONFIG_HOME", directory.resolve("config").toString(),
                        "HOME", directory.toString()),
                directory.resolve("caddy-output.log"), List.of());
        Caddy caddy = new Caddy(process);
        try {
            process.awaitHttp(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + listenPort + "/"), 200,
                    START);
            return caddy;
        } catch (RuntimeException | AssertionError e) {
            caddy.close();
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
