package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.config.AddressRange;
import org.safehouse.config.TrustedProxies;

class ForwardedHeadersTest {
    private static final TrustedProxies LOOPBACK_PROXY = trusted("127.0.0.2", "10.0.0.0/8", "2001:db8:ffff::/48");

    private static TrustedProxies trusted(String... ranges) {
        return new TrustedProxies(java.util.Arrays.stream(ranges).map(AddressRange::parse).toList());
    }

    private static ClientAddress resolve(String peer, TrustedProxies trusted, String... headerPairs) {
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.computeIfAbsent(headerPairs[i], k -> new java.util.ArrayList<>()).add(headerPairs[i + 1]);
        }
        return ForwardedHeaders.of(headers).resolve(peer, trusted);
    }

    @Test
    void withoutTrustedProxiesEveryForwardingHeaderIsIgnored() {
        ClientAddress client = resolve("127.0.0.2", TrustedProxies.NONE, "X-Forwarded-For", "198.51.100.7",
                "Forwarded", "for=198.51.100.8;proto=https", "X-Forwarded-Proto", "https", "X-Forwarded-Host",
                "evil.example");
        assertEquals(new ClientAddress("127.0.0.2", "127.0.0.2", false, Optional.empty(), Optional.empty()), client);
    }

    @Test
    void forgedHeadersFromAnUntrustedPeerAreIgnored() {
        ClientAddress client = resolve("203.0.113.9", LOOPBACK_PROXY, "x-forwarded-for", "198.51.100.7",
                "forwarded", "for=198.51.100.8", "X-Forwarded-Proto", "https");
        assertEquals("203.0.113.9", client.address());
        assertFalse(client.viaTrustedProxy());
        assertEquals(Optional.empty(), client.scheme());
    }

    @Test
    void xForwardedForFromATrustedPeerNamesTheClient() {
        ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "127.0.0.1",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "chat.example.org");
        assertEquals(new ClientAddress("127.0.0.1", "127.0.0.2", true, Optional.of("https"),
                Optional.of("chat.example.org")), client);
    }

    @Test
    void theRightMostUntrustedAddressWinsSoAClientCannotPrependAForgery() {
        // The client sent "X-Forwarded-For: 1.2.3.4"; nginx appended the real address, then a second proxy its own.
        ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For",
                "1.2.3.4, 198.51.100.7, 10.1.2.3");
        assertEquals("198.51.100.7", client.address());
    }

    @Test
    void chainsSpreadOverSeveralHeaderLinesAreOneList() {
        ClientAddress client = resolve("10.0.0.1", LOOPBACK_PROXY, "X-Forwarded-For", "1.2.3.4",
                "X-Forwarded-For", "198.51.100.7, 10.9.9.9");
        assertEquals("198.51.100.7", client.address());
    }

    @Test
    void aChainOfTrustedProxiesOnlyGivesTheLeftMost() {
        assertEquals("10.0.0.5", resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "10.0.0.5, 10.0.0.6")
                .address());
    }

    @Test
    void ipv6InXForwardedForIsCanonicalSoItGroupsByPrefix() {
        assertEquals("2001:db8:0:0:0:0:0:1",
                resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "2001:DB8::1").address());
        assertEquals("2001:db8:0:0:0:0:0:1",
                resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "[2001:db8::1]:4711").address());
        assertEquals("192.0.2.1", resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "::ffff:192.0.2.1")
                .address(), "an IPv4-mapped address is its IPv4 address");
    }

    @Test
    void aTrustedIpv6PeerIsRecognisedInAnySpelling() {
        ClientAddress client = resolve("2001:db8:ffff:0:0:0:0:2", LOOPBACK_PROXY, "X-Forwarded-For", "192.0.2.44");
        assertEquals("192.0.2.44", client.address());
        assertTrue(client.viaTrustedProxy());
    }

    @Test
    void garbageFallsBackToThePeer() {
        for (String garbage : List.of("", "not-an-address", "1.2.3", "999.1.1.1", "evil.example", "1.2.3.4 5.6.7.8",
                "fe80::1%eth0", "\"1.2.3.4\"x", "1.2.3.4, , 10.0.0.1x")) {
            ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", garbage);
            assertEquals("127.0.0.2", client.address(), garbage);
            assertTrue(client.viaTrustedProxy());
        }
    }

    @Test
    void garbageLeftOfTheClientDoesNotMatter() {
        assertEquals("198.51.100.7",
                resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "garbage, 198.51.100.7").address());
    }

    @Test
    void xForwardedForIsPreferredBecauseNginxAndCaddyPassAClientsForwardedHeaderThrough() {
        ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded", "for=1.2.3.4;proto=http",
                "X-Forwarded-For", "192.0.2.60", "X-Forwarded-Proto", "https");
        assertEquals(new ClientAddress("192.0.2.60", "127.0.0.2", true, Optional.of("https"), Optional.empty()),
                client);
    }

    @Test
    void forwardedAloneNamesTheClientWithItsProtoAndHost() {
        ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded",
                "for=192.0.2.60;proto=https;host=chat.example.org;by=203.0.113.43");
        assertEquals(new ClientAddress("192.0.2.60", "127.0.0.2", true, Optional.of("https"),
                Optional.of("chat.example.org")), client);
    }

    @Test
    void forwardedQuotedIpv6WithPortAndCaseInsensitiveNames() {
        assertEquals("2001:db8:cafe:0:0:0:0:17", resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded",
                "For=\"[2001:db8:cafe::17]:4711\"").address());
        assertEquals("192.0.2.60", resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded",
                "for=\"192.0.2.60:8080\"").address());
        assertEquals("2001:db8:cafe:0:0:0:0:17", resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded",
                "for=\"[2001:db8:cafe::17]\"").address());
    }

    @Test
    void forwardedChainsWalkFromTheRightAndTakeThatElementsProtoAndHost() {
        ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded",
                "for=1.2.3.4;host=evil.example;proto=http, for=198.51.100.7;host=chat.example.org;proto=https",
                "Forwarded", "for=10.0.0.3");
        assertEquals(new ClientAddress("198.51.100.7", "127.0.0.2", true, Optional.of("https"),
                Optional.of("chat.example.org")), client);
    }

    @Test
    void forwardedCommasAndSemicolonsInsideQuotesDoNotSplit() {
        assertEquals("192.0.2.60", resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded",
                "for=192.0.2.60;by=\"a,b;c\"").address());
    }

    @Test
    void obfuscatedOrUnknownForwardedNodesFallBackToThePeer() {
        for (String value : List.of("for=unknown", "for=_hidden", "for=\"_gazonk\"", "for=\"[2001:db8::1\"",
                "for=192.0.2.60:80", "proto=https", "for=\"[192.0.2.1]\"", "for=evil.example", "for=")) {
            // an unquoted node with a port is not valid RFC 7239 either way; we still read it as an address
            ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded", value);
            if (value.equals("for=192.0.2.60:80")) {
                assertEquals("192.0.2.60", client.address());
                continue;
            }
            assertEquals("127.0.0.2", client.address(), value);
        }
    }

    @Test
    void anObfuscatedPortStillNamesTheAddress() {
        assertEquals("192.0.2.60", resolve("127.0.0.2", LOOPBACK_PROXY, "Forwarded", "for=\"192.0.2.60:_port\"")
                .address());
    }

    @Test
    void onlyHttpAndHttpsAreSchemes() {
        assertEquals(Optional.empty(), resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "192.0.2.1",
                "X-Forwarded-Proto", "gopher").scheme());
        assertEquals(Optional.of("https"), resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "192.0.2.1",
                "X-Forwarded-Proto", "http, HTTPS").scheme(), "the nearest proxy's value, the right-most");
    }

    @Test
    void aTrustedPeerWithoutHeadersIsItself() {
        ClientAddress client = resolve("127.0.0.2", LOOPBACK_PROXY);
        assertEquals("127.0.0.2", client.address());
        assertTrue(client.viaTrustedProxy());
    }

    @Test
    void longChainsAreCutAndHugeValuesIgnored() {
        String chain = String.join(", ", java.util.Collections.nCopies(300, "10.0.0.1"));
        assertEquals("10.0.0.1", resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", "198.51.100.7, " + chain)
                .address(), "walks at most MAX_HOPS");
        String huge = "1.2.3.4," + " ".repeat(ForwardedHeaders.MAX_VALUE_CHARS);
        assertEquals("127.0.0.2", resolve("127.0.0.2", LOOPBACK_PROXY, "X-Forwarded-For", huge).address());
    }

    @Test
    void aPeerThatIsNoAddressIsNeverTrusted() {
        assertEquals("unknown", resolve("unknown", trusted("0.0.0.0/0", "::/0"), "X-Forwarded-For", "1.2.3.4")
                .address());
    }
}
