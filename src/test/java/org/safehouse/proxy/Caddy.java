package org.safehouse.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's caddy in front of a Safehouse server, with the site block of docs/DEPLOY.md (plain HTTP on loopback
 * instead of automatic HTTPS; no admin endpoint), run in the foreground as a child process and stopped by PID. Its
 * storage goes to the test's directory. Caddy 2.6 cannot choose the address it connects from, so it reaches the
 * server from 127.0.0.1, the trusted proxy, and the tests' clients come from other loopback addresses.
 */
final class Caddy {
    private Caddy() {
    }

    static Path executable() {
        return ProxyProcess.executable("caddy", List.of("/usr/bin/caddy", "/usr/sbin/caddy", "/usr/local/bin/caddy"));
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

    static ProxyProcess start(Path directory, int listenPort, int serverPort) {
        Path caddyfile = directory.resolve("Caddyfile");
        try {
            Files.writeString(caddyfile, configuration(listenPort, serverPort));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ProxyProcess.start("caddy", List.of(executable().toString(), "run", "--config", caddyfile.toString(),
                        "--adapter", "caddyfile"), directory,
                Map.of("XDG_DATA_HOME", directory.resolve("data").toString(),
                        "XDG_CONFIG_HOME", directory.resolve("config").toString(),
                        "HOME", directory.toString()), listenPort);
    }
}
