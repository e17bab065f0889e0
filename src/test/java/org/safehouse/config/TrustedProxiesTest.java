package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.Argon2PasswordHasher;

class TrustedProxiesTest {
    private static SafehouseConfig parse(String json) throws ConfigException {
        return new ConfigLoader(new Argon2PasswordHasher()).parse(json, "config.json", Path.of("."));
    }

    private static String problem(String json) {
        return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
    }

    @Test
    void emptyByDefault() throws ConfigException {
        SafehouseConfig config = parse("{}");
        assertTrue(config.trustedProxies().isEmpty());
        assertFalse(config.trustedProxies().trusts("127.0.0.1"));
        assertEquals(Optional.empty(), config.publicUrl());
    }

    @Test
    void cidrBlocksAndSingleAddressesInIpv4AndIpv6() throws ConfigException {
        TrustedProxies proxies = parse("""
                {"trusted_proxies": ["127.0.0.1", "10.0.0.0/8", "::1", "2001:db8::/32", "192.168.1.0/24"]}
                """).trustedProxies();
        assertEquals("[127.0.0.1/32, 10.0.0.0/8, 0:0:0:0:0:0:0:1/128, 2001:db8:0:0:0:0:0:0/32, 192.168.1.0/24]",
                proxies.toString());
        assertTrue(proxies.trusts("127.0.0.1"));
        assertFalse(proxies.trusts("127.0.0.2"));
        assertTrue(proxies.trusts("10.255.0.1"));
        assertFalse(proxies.trusts("11.0.0.1"));
        assertTrue(proxies.trusts("0:0:0:0:0:0:0:1"));
        assertTrue(proxies.trusts("[::1]"));
        assertTrue(proxies.trusts("2001:DB8:1::5"));
        assertFalse(proxies.trusts("2001:db9::5"));
        assertTrue(proxies.trusts("::ffff:10.1.1.1"), "an IPv4-mapped address is its IPv4 address");
        assertTrue(proxies.trusts("192.168.1.200"));
        assertFalse(proxies.trusts("localhost"), "names are never looked up");
        assertFalse(proxies.trusts("unknown"));
        assertFalse(proxies.trusts(null));
    }

    @Test
    void everythingMayBeTrustedOnPurpose() throws ConfigException {
        TrustedProxies proxies = parse("{\"trusted_proxies\": [\"0.0.0.0/0\", \"::/0\"]}").trustedProxies();
        assertTrue(proxies.trusts("203.0.113.1"));
        assertTrue(proxies.trusts("2001:db8::1"));
    }

    @Test
    void badEntriesAreRefusedWithAClearMessage() {
        assertEquals("config.json: trusted_proxies: \"proxy.example.org\" is not an IP address or CIDR block like "
                + "10.0.0.0/8 or 2001:db8::/32 (host names are not accepted)",
                problem("{\"trusted_proxies\": [\"proxy.example.org\"]}"));
        assertEquals("config.json: trusted_proxies: \"10.0.0.0/33\": the prefix length must be a whole number from 0 "
                + "to 32", problem("{\"trusted_proxies\": [\"10.0.0.0/33\"]}"));
        assertEquals("config.json: trusted_proxies: \"::1/129\": the prefix length must be a whole number from 0 to "
                + "128", problem("{\"trusted_proxies\": [\"::1/129\"]}"));
        assertEquals("config.json: trusted_proxies: \"10.0.0.1/8\" has bits set after the first 8; did you mean "
                + "10.0.0.0/8?", problem("{\"trusted_proxies\": [\"10.0.0.1/8\"]}"));
        assertEquals("config.json: trusted_proxies: must be an array of strings",
                problem("{\"trusted_proxies\": \"127.0.0.1\"}"));
        for (String bad : List.of("10.0.0.0/", "10.0.0.0/-1", "10.0.0/8", "1.2.3.4.5", "", "fe80::1%eth0", "*")) {
            String message = problem("{\"trusted_proxies\": [\"" + bad + "\"]}");
            assertTrue(message.startsWith("config.json: trusted_proxies: \"" + bad + "\""), message);
        }
    }

    @Test
    void publicUrlGivesTheOriginAndPath() throws ConfigException {
        PublicUrl url = parse("{\"public_url\": \"https://Chat.Example.org\"}").publicUrl().orElseThrow();
        assertEquals(new PublicUrl("https", "chat.example.org", 443, "/"), url);
        assertEquals("https://chat.example.org", url.origin());
        PublicUrl withPort = parse("{\"public_url\": \"http://[2001:db8::1]:8443/safehouse\"}").publicUrl()
                .orElseThrow();
        assertEquals("http://[2001:db8::1]:8443", withPort.origin());
        assertEquals("/safehouse/", withPort.path());
        assertEquals("2001:db8::1", withPort.bareHost());
    }

    @Test
    void badPublicUrlsAreRefused() {
        for (String bad : List.of("chat.example.org", "ftp://chat.example.org", "https://", "https://a@b.org",
                "https://b.org/?x=1", "https://b.org/#x", "https://b .org")) {
            String message = problem("{\"public_url\": \"" + bad + "\"}");
            assertTrue(message.startsWith("config.json: public_url: \"" + bad + "\" is not a URL like "
                    + "https://chat.example.org"), message);
        }
        assertEquals("config.json: public_url: must be a string", problem("{\"public_url\": 5}"));
    }
}
