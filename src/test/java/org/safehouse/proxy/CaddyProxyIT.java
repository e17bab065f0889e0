package org.safehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.RawWebSocket;
import org.safehouse.testing.ServerProcess;

/**
 * The same as {@link NginxProxyIT} with Debian's caddy, WebSocket clients only: clients from 127.0.0.3 join and chat
 * through caddy (which reaches the server from 127.0.0.1, the trusted proxy), with the page's Origin; they reconnect
 * after caddy restarts; the server names 127.0.0.3; forged headers are ignored.
 */
class CaddyProxyIT {
    private static final String CLIENT = "127.0.0.3";

    @TempDir
    Path directory;
    @RegisterExtension
    final ProxiedServer proxied = new ProxiedServer("caddy", Caddy::start);
    private ServerProcess server;
    private int proxyPort;

    @BeforeEach
    void start() throws Exception {
        proxied.start(directory, port -> """
                {"server_name": "Behind caddy", "trusted_proxies": ["127.0.0.1"],
                 "public_url": "http://127.0.0.1:%d"}
                """.formatted(port));
        server = proxied.server();
        proxyPort = proxied.proxyPort();
    }

    private RawWebSocket throughCaddy(Map<String, String> headers) throws Exception {
        RawWebSocket socket = RawWebSocket.connect(CLIENT, new InetSocketAddress("127.0.0.1", proxyPort), "/chat",
                headers);
        assertTrue(socket.upgraded(), socket.statusLine());
        assertTrue(socket.nextText().contains("\"Hello\""));
        return socket;
    }

    private static String awaitText(RawWebSocket socket, String fragment) throws Exception {
        String frame;
        do {
            frame = socket.nextText();
        } while (frame != null && !frame.contains(fragment));
        assertTrue(frame != null, "the connection ended before a frame with " + fragment);
        return frame;
    }

    private static String join(String nick) {
        return "{\"msgType\":\"Join\",\"version\":1,\"room\":\"yard\",\"nick\":\"" + nick + "\",\"password\":null}";
    }

    @Test
    void clientsJoinChatAndReconnectThroughCaddyAndTheServerSeesTheirAddress() throws Exception {
        Map<String, String> page = Map.of("Origin", "http://127.0.0.1:" + proxyPort);
        try (RawWebSocket alice = throughCaddy(page); RawWebSocket bob = throughCaddy(page)) {
            alice.send(join("alice"));
            awaitText(alice, "\"Joined\"");
            bob.send(join("bob"));
            awaitText(bob, "\"Joined\"");
            alice.send("{\"msgType\":\"Broadcast\",\"room\":\"yard\",\"text\":\"through caddy\"}");
            awaitText(bob, "through caddy");
        }
        assertEquals(List.of(CLIENT + " via 127.0.0.1"),
                OpenedConnections.seen(server, 2).stream().distinct().toList());

        proxied.stopProxy();
        proxied.startProxy();
        try (RawWebSocket again = throughCaddy(page)) {
            again.send(join("alice"));
            awaitText(again, "\"Joined\"");
            again.send("{\"msgType\":\"Broadcast\",\"room\":\"yard\",\"text\":\"back again\"}");
            awaitText(again, "back again");
        }
    }

    @Test
    void forgedForwardingHeadersAreIgnored() throws Exception {
        try (RawWebSocket direct = RawWebSocket.connect("127.0.0.4", new InetSocketAddress("127.0.0.1",
                server.port()), "/chat", Map.of("X-Forwarded-For", "198.51.100.66"))) {
            assertTrue(direct.nextText().contains("\"Hello\""));
        }
        // caddy replaces X-Forwarded-For but passes Forwarded through as the client wrote it
        try (RawWebSocket proxied = throughCaddy(Map.of("X-Forwarded-For", "198.51.100.68",
                "Forwarded", "for=198.51.100.69"))) {
            assertTrue(proxied.upgraded());
        }
        List<String> seen = OpenedConnections.seen(server, 2);
        assertEquals(List.of("127.0.0.4", CLIENT + " via 127.0.0.1"), seen,
                "straight to the server: the peer, whatever it claims; through caddy: the real client");
        assertFalse(server.output().contains("198.51.100.6"), "a forged address is never believed: " + seen);
    }

    @Test
    void aDnsRebindingPageThroughCaddyIsRefused() throws Exception {
        // caddy answers only for its site address, so the rebinding page's Host reaches it as X-Forwarded-Host
        try (RawWebSocket rebound = RawWebSocket.connect(CLIENT, new InetSocketAddress("127.0.0.1", proxyPort),
                "/chat", Map.of("Origin", "http://evil.example:" + proxyPort))) {
            assertTrue(rebound.upgraded(), rebound.statusLine());
            assertEquals(1008, rebound.awaitCloseCode());
        }
    }
}
