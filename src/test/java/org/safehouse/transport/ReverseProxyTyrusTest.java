package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.app.SafehouseBootstrap;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.testing.RawWebSocket;

/**
 * Forwarded client addresses, the Origin check and Ragnarok's root path on a real server (Tyrus standalone, over
 * loopback sockets). The "proxy" is a socket bound to 127.0.0.2, the only trusted proxy; each test speaks from its own
 * loopback address so the per-address count of unjoined connections (1 here) shows which address the server saw.
 */
class ReverseProxyTyrusTest {
    private static ServerContainer container;
    private static SafehouseRuntime runtime;
    private static InetSocketAddress server;

    @BeforeAll
    static void startTyrus(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("config.json");
        Files.writeString(file, """
                {"server_name": "Proxied", "trusted_proxies": ["127.0.0.2"],
                 "limits": {"max_unjoined_per_address": 1, "join_timeout_seconds": 60}}
                """);
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).load(file);
        container = ServerContainerFactory.createServerContainer(Map.of());
        runtime = SafehouseBootstrap.deploy(config, container);
        container.start("/", 0);
        server = new InetSocketAddress("127.0.0.1", ((TyrusServerContainer) container).getPort());
    }

    @AfterAll
    static void stopTyrus() {
        if (runtime != null) {
            runtime.stop();
        }
        if (container != null) {
            container.stop();
        }
    }

    private static String hello(RawWebSocket socket) throws Exception {
        String frame = socket.nextText();
        assertTrue(frame != null && frame.contains("\"Hello\""), "expected Hello, got " + frame);
        return frame;
    }

    @Test
    void aDnsRebindingPageIsRefusedWith1008() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.5", server, "/chat",
                Map.of("Host", "evil.example", "Origin", "http://evil.example"))) {
            assertTrue(socket.upgraded(), socket.statusLine());
            assertEquals(1008, socket.awaitCloseCode());
        }
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.5", server, "/",
                Map.of("Host", "evil.example:" + server.getPort(), "Origin",
                        "http://evil.example:" + server.getPort()))) {
            assertEquals(1008, socket.awaitCloseCode(), "at the root path too");
        }
    }

    @Test
    void thePagesOwnOriginOnAnIpLiteralIsAccepted() throws Exception {
        String authority = "127.0.0.1:" + server.getPort();
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.4", server, "/chat",
                Map.of("Host", authority, "Origin", "http://" + authority))) {
            hello(socket);
        }
    }

    @Test
    void aTrustedProxysXForwardedForNamesTheClient() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect("127.0.0.2", server, "/chat",
                Map.of("X-Forwarded-For", "198.51.100.7"));
             RawWebSocket other = RawWebSocket.connect("127.0.0.2", server, "/chat",
                     Map.of("X-Forwarded-For", "1.2.3.4, 198.51.100.8"))) {
            hello(first);
            hello(other); // another client behind the same proxy is not counted with the first
            try (RawWebSocket second = RawWebSocket.connect("127.0.0.2", server, "/chat",
                    Map.of("X-Forwarded-For", "198.51.100.7"))) {
                assertEquals(4003, second.awaitCloseCode(), "the same client again: over its unjoined limit");
            }
        }
    }

    @Test
    void aTrustedProxysForwardedHeaderWithIpv6NamesTheClient() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect("127.0.0.2", server, "/chat",
                Map.of("Forwarded", "for=\"[2001:db8:1:2::1]:4711\";proto=http"))) {
            hello(first);
            try (RawWebSocket sameSlash64 = RawWebSocket.connect("127.0.0.2", server, "/chat",
                    Map.of("Forwarded", "for=\"[2001:db8:1:2::99]\""))) {
                assertEquals(4003, sameSlash64.awaitCloseCode(), "IPv6 clients are counted by /64");
            }
        }
    }

    @Test
    void aForgedXForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect("127.0.0.3", server, "/chat",
                Map.of("X-Forwarded-For", "198.51.100.20"))) {
            hello(first);
            try (RawWebSocket second = RawWebSocket.connect("127.0.0.3", server, "/chat",
                    Map.of("X-Forwarded-For", "198.51.100.21", "Forwarded", "for=198.51.100.22"))) {
                assertEquals(4003, second.awaitCloseCode(), "both count as 127.0.0.3, whatever they claim");
            }
        }
    }

    @Test
    void aRagnarokClientAtTheRootJoinsAndChats() throws Exception {
        try (RawWebSocket ragnarok = RawWebSocket.connect("127.0.0.6", server, "/", Map.of())) {
            assertTrue(ragnarok.upgraded(), ragnarok.statusLine());
            ragnarok.send("no password").send("rootclient");
            String frame = ragnarok.nextText();
            assertTrue(frame.contains("\"ServerName\":\"Proxied\""), frame);
            ragnarok.send("{\"msgType\":\"Broadcast\",\"SrcUser\":\"rootclient\",\"text\":\"hi from /\"}");
            String broadcast;
            do {
                broadcast = ragnarok.nextText();
            } while (broadcast != null && !broadcast.contains("\"Broadcast\""));
            assertTrue(broadcast != null && broadcast.contains("hi from /"), String.valueOf(broadcast));
        }
    }
}
