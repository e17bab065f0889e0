package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.RawWebSocket;

/**
 * Forwarded client addresses, the Origin check and Ragnarok's root path on a real server (Tyrus standalone, over
 * loopback sockets). The "proxy" is a socket bound to 127.0.0.2, the only trusted proxy; each test speaks from its own
 * loopback address so the per-address count of unjoined connections (1 here) shows which address the server saw.
 */
class ReverseProxyTyrusTest {
    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"server_name": "Proxied", "trusted_proxies": ["127.0.0.2"],
             "limits": {"max_unjoined_per_address": 1, "join_timeout_seconds": 60}}
            """);

    private static String hello(RawWebSocket socket) throws Exception {
        String frame = socket.nextText();
        assertTrue(frame != null && frame.contains("\"Hello\""), "expected Hello, got " + frame);
        return frame;
    }

    @Test
    void aDnsRebindingPageIsRefusedWith1008() throws Exception {
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.5", TYRUS.address(), "/chat",
                Map.of("Host", "evil.example", "Origin", "http://evil.example"))) {
            assertTrue(socket.upgraded(), socket.statusLine());
            assertEquals(1008, socket.awaitCloseCode());
        }
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.5", TYRUS.address(), "/",
                Map.of("Host", "evil.example:" + TYRUS.address().getPort(), "Origin",
                        "http://evil.example:" + TYRUS.address().getPort()))) {
            assertEquals(1008, socket.awaitCloseCode(), "at the root path too");
        }
    }

    @Test
    void thePagesOwnOriginOnAnIpLiteralIsAccepted() throws Exception {
        String authority = "127.0.0.1:" + TYRUS.address().getPort();
        try (RawWebSocket socket = RawWebSocket.connect("127.0.0.4", TYRUS.address(), "/chat",
                Map.of("Host", authority, "Origin", "http://" + authority))) {
            hello(socket);
        }
    }

    @Test
    void aTrustedProxysXForwardedForNamesTheClient() throws Exception {
        try (RawWebSocket first = RawWebSocket.connect("127.0.0.2", TYRUS.address(), "/chat",
                Map.of("X-Forwarded-For", "198.51.100.7"));
             RawWebSocket other = RawWebSocket.connect("127.0.0.2", TYRUS.address(), "/chat",
                     Map.of("X-Forwarded-For", "1.2.3.4, 198.51.100.8"))) {
            hello(first);
            hello(other); // another client behind the same proxy is not counted with the first
            try (RawWebSocket second = RawWebSocket.connect("127.0.0.2", TYRUS.address(), "/chat",
                    Map.of("X-Forwarded-For", "198.51.100.7"))) {
                assertEquals(4003, second.awaitCloseCode(), "the same client again: over its unjoined limit");
            }
        }
    }

    @Test
    void aTrustedProxysForwardedHeaderWithIpv6NamesTheClient() throws Exception {
        assertCountedAsOneClient("127.0.0.2", Map.of("Forwarded", "for=\"[2001:db8:1:2::1]:4711\";proto=http"),
                Map.of("Forwarded", "for=\"[2001:db8:1:2::99]\""), "IPv6 clients are counted by /64");
    }

    @Test
    void aForgedXForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
        assertCountedAsOneClient("127.0.0.3", Map.of("X-Forwarded-For", "198.51.100.20"),
                Map.of("X-Forwarded-For", "198.51.100.21", "Forwarded", "for=198.51.100.22"),
                "both count as 127.0.0.3, whatever they claim");
    }

    /**
     * Two connections from {@code peer} with these headers: the first is greeted and waits unjoined; the second,
     * counted as the same client, is over the cap of one unjoined connection and closed with 4003.
     */
    private static void assertCountedAsOneClient(String peer, Map<String, String> firstHeaders,
                                                 Map<String, String> secondHeaders, String why) throws Exception {
        try (RawWebSocket first = RawWebSocket.connect(peer, TYRUS.address(), "/chat", firstHeaders)) {
            hello(first);
            try (RawWebSocket second = RawWebSocket.connect(peer, TYRUS.address(), "/chat", secondHeaders)) {
                assertEquals(4003, second.awaitCloseCode(), why);
            }
        }
    }

    @Test
    void aRagnarokClientAtTheRootJoinsAndChats() throws Exception {
        try (RawWebSocket ragnarok = RawWebSocket.connect("127.0.0.6", TYRUS.address(), "/", Map.of())) {
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
