package org.safehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.browser.ChatPage;
import org.safehouse.testing.RawWebSocket;
import org.safehouse.testing.ServerProcess;

/**
 * The bundled page in Chromium, through the real nginx, in front of {@code java -jar}: configured as docs/DEPLOY.md
 * says (trusted_proxies, public_url, the WebSocket upgrade headers, X-Forwarded-For). The server sees nginx's
 * connections come from 127.0.0.2 (its trusted proxy) and must name the browser's address, 127.0.0.1, from the
 * forwarded header; a forged X-Forwarded-For sent straight to the server, past nginx, must be ignored.
 */
class NginxProxyIT {
    @TempDir
    Path directory;
    @RegisterExtension
    final ProxiedServer proxied = new ProxiedServer("nginx", Nginx::start);
    private ServerProcess server;
    private int proxyPort;

    @BeforeEach
    void start() throws Exception {
        proxied.start(directory, port -> """
                {"server_name": "Behind nginx",
                 "trusted_proxies": ["%s"],
                 "public_url": "http://127.0.0.1:%d",
                 "rooms": [{"name": "porch", "password": "lanterns at dusk"}],
                 "limits": {"presence_interval_ms": 50}}
                """.formatted(Nginx.UPSTREAM_ADDRESS, port));
        server = proxied.server();
        proxyPort = proxied.proxyPort();
    }

    private URI page() {
        return URI.create("http://127.0.0.1:" + proxyPort + "/");
    }

    @Test
    void thePageJoinsChatsAndReconnectsThroughNginxAndTheServerSeesTheBrowsersAddress() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), page(), "alice");
             ChatPage bob = ChatPage.open(directory.resolve("profiles"), page(), "bob")) {
            alice.join("porch", "alice", "lanterns at dusk");
            bob.join("porch", "bob", "lanterns at dusk");
            alice.awaitUsers(List.of("alice", "bob"));
            alice.send("Can you see the lanterns?");
            bob.awaitMessage("Can you see the lanterns?");

            List<String> seen = OpenedConnections.seen(server, 2);
            assertFalse(seen.isEmpty(), "the server logs each WebSocket it opens");
            assertEquals(List.of("127.0.0.1 via 127.0.0.2"), seen.stream().distinct().toList(),
                    "the browser's address, forwarded by the trusted proxy");

            // nginx goes away and comes back on the same port: the pages reconnect through it by themselves.
            proxied.stopProxy();
            alice.await("the page to notice the proxy is gone", d -> !"open".equals(alice.connectionState()));
            proxied.startProxy();
            alice.awaitReconnected();
            bob.awaitReconnected();
            alice.awaitRoomShown("porch");
            bob.awaitRoomShown("porch");
            bob.send("Yes, all of them");
            alice.awaitMessage("Yes, all of them");
            assertEquals(List.of("127.0.0.1 via 127.0.0.2"),
                    OpenedConnections.seen(server, 4).stream().distinct().toList());
        }
    }

    @Test
    void aForgedXForwardedForIsIgnoredFromAnUntrustedPeerAndOutvotedThroughNginx() throws Exception {
        // Straight to the server, past nginx: the peer 127.0.0.1 is not a trusted proxy.
        try (RawWebSocket direct = RawWebSocket.connect("127.0.0.1",
                new InetSocketAddress("127.0.0.1", server.port()), "/chat",
                Map.of("X-Forwarded-For", "198.51.100.66", "Forwarded", "for=198.51.100.67"))) {
            assertTrue(direct.nextText().contains("\"Hello\""));
        }
        // Through nginx, which appends the real address after the forged one (and passes Forwarded through).
        try (RawWebSocket proxied = RawWebSocket.connect("127.0.0.1", new InetSocketAddress("127.0.0.1", proxyPort),
                "/chat", Map.of("X-Forwarded-For", "198.51.100.68", "Forwarded", "for=198.51.100.69"))) {
            assertTrue(proxied.nextText().contains("\"Hello\""));
        }
        assertEquals(List.of("127.0.0.1", "127.0.0.1 via 127.0.0.2"), OpenedConnections.seen(server, 2));
        assertFalse(server.output().contains("198.51.100."), "a forged address is never believed or logged");
    }

    @Test
    void aDnsRebindingPageThroughNginxIsRefused() throws Exception {
        try (RawWebSocket rebound = RawWebSocket.connect("127.0.0.1", new InetSocketAddress("127.0.0.1", proxyPort),
                "/chat", Map.of("Host", "evil.example:" + proxyPort, "Origin", "http://evil.example:" + proxyPort))) {
            assertTrue(rebound.upgraded(), rebound.statusLine());
            assertEquals(1008, rebound.awaitCloseCode());
        }
    }
}
