package org.safehouse.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's nginx in front of a Safehouse server, as docs/DEPLOY.md configures it (minus TLS), run in the foreground
 * ({@code daemon off;}) as a child process with its own prefix directory, stopped by PID. It listens on
 * {@code 127.0.0.1:port} and connects to the server from {@link #UPSTREAM_ADDRESS} ({@code proxy_bind}), so the server
 * can tell the proxy (its TCP peer) from the browser (the forwarded address, 127.0.0.1).
 */
final class Nginx {
    static final String UPSTREAM_ADDRESS = "127.0.0.2";

    private Nginx() {
    }

    /** The nginx executable: /usr/sbin/nginx (Debian) or /usr/bin/nginx; fails loudly when missing. */
    static Path executable() {
        return ProxyProcess.executable("nginx", List.of("/usr/sbin/nginx", "/usr/bin/nginx"));
    }

    /** The site block of docs/DEPLOY.md for plain HTTP on loopback, with the upstream bound to 127.0.0.2. */
    static String configuration(int listenPort, int serverPort, boolean asRoot) {
        return configuration(listenPort, List.of(serverPort), asRoot);
    }

    /**
     * As {@link #configuration(int, int, boolean)}, balancing over several servers (the nodes of a cluster, as
     * docs/DEPLOY.md's "Three nodes, Redis and nginx" shows): round robin, no sticky sessions; a node that refuses
     * the connection is skipped for the next one ({@code proxy_next_upstream}, nginx's default).
     */
    static String configuration(int listenPort, List<Integer> serverPorts, boolean asRoot) {
        StringBuilder servers = new StringBuilder();
        for (int port : serverPorts) {
            servers.append("        server 127.0.0.1:").append(port).append(" max_fails=1 fail_timeout=2s;\n");
        }
        return """
                %s
                worker_processes 1;
                daemon off;
                pid nginx.pid;
                error_log stderr notice;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path temp/body;
                    proxy_temp_path temp/proxy;
                    fastcgi_temp_path temp/fastcgi;
                    uwsgi_temp_path temp/uwsgi;
                    scgi_temp_path temp/scgi;

                    upstream safehouse {
                %s    }

                    map $http_upgrade $connection_upgrade {
                        default upgrade;
                        ''      close;
                    }

                    server {
                        listen 127.0.0.1:%d;
                        server_name _;

                        location / {
                            proxy_pass http://safehouse;
                            proxy_http_version 1.1;
                            proxy_set_header Upgrade $http_upgrade;
                            proxy_set_header Connection $connection_upgrade;
                            proxy_set_header Host $host;
                            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                            proxy_set_header X-Forwarded-Proto $scheme;
                            proxy_set_header X-Forwarded-Host $host;
                            proxy_set_header Forwarded "";
                            proxy_read_timeout 1h;
                            proxy_send_timeout 1h;
                            proxy_bind %s;
                        }
                    }
                }
                """.formatted(asRoot ? "user root;" : "", servers, listenPort, UPSTREAM_ADDRESS);
    }

    /** Writes the configuration into {@code prefix} and starts nginx; ready when the page answers through it. */
    static ProxyProcess start(Path prefix, int listenPort, int serverPort) {
        return start(prefix, listenPort, List.of(serverPort));
    }

    /** As {@link #start(Path, int, int)}, in front of several servers. */
    static ProxyProcess start(Path prefix, int listenPort, List<Integer> serverPorts) {
        try {
            Files.createDirectories(prefix.resolve("temp"));
            Files.writeString(prefix.resolve("nginx.conf"),
                    configuration(listenPort, serverPorts, "root".equals(System.getProperty("user.name"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ProxyProcess.start("nginx", List.of(executable().toString(), "-p", prefix + "/", "-c", "nginx.conf",
                "-e", "stderr"), prefix, Map.of(), listenPort);
    }
}
