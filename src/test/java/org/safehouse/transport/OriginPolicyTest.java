package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safehouse.config.PublicUrl;

class OriginPolicyTest {
    private static final OriginPolicy DEFAULTS = new OriginPolicy(List.of());
    private static final ClientAddress DIRECT = ClientAddress.direct("203.0.113.5");

    private static ClientAddress viaProxy(String scheme, String host) {
        return new ClientAddress("203.0.113.5", "127.0.0.2", true, Optional.ofNullable(scheme),
                Optional.ofNullable(host));
    }

    @Test
    void noOriginIsNotABrowserAndTheNullOriginIsRefused() {
        assertTrue(DEFAULTS.allows(null, "evil.example"));
        assertFalse(DEFAULTS.allows("null", "localhost:8080"));
    }

    @Test
    void samOriginOnLocalhostAndIpLiteralsWorksWithoutConfig() {
        assertTrue(DEFAULTS.allows("http://localhost:8080", "localhost:8080"));
        assertTrue(DEFAULTS.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(DEFAULTS.allows("http://[::1]:8080", "[::1]:8080"));
        assertTrue(DEFAULTS.allows("https://192.168.1.10", "192.168.1.10:443"));
        assertTrue(DEFAULTS.allows("http://chat.localhost", "chat.localhost"));
        assertFalse(DEFAULTS.allows("http://localhost:8081", "localhost:8080"), "another port is another origin");
        assertFalse(DEFAULTS.allows("http://127.0.0.1:8080", "localhost:8080"));
    }

    @Test
    void dnsRebindingIsRefusedThoughHostAndOriginAgree() {
        assertFalse(DEFAULTS.allows("http://evil.example", "evil.example"));
        assertFalse(DEFAULTS.allows("http://evil.example:8080", "evil.example:8080"));
        assertFalse(DEFAULTS.allows("http://localhost.evil.example", "localhost.evil.example"));
        assertFalse(DEFAULTS.allows("http://127.0.0.1.nip.io", "127.0.0.1.nip.io"));
    }

    @Test
    void theSchemeMustBeTheOneServed() {
        assertTrue(DEFAULTS.allows("https://127.0.0.1:8443", "127.0.0.1:8443", "https", DIRECT));
        assertFalse(DEFAULTS.allows("http://127.0.0.1:8443", "127.0.0.1:8443", "https", DIRECT));
        assertFalse(DEFAULTS.allows("https://127.0.0.1:8080", "127.0.0.1:8080", "http", DIRECT));
    }

    @Test
    void certificateNamesAndServerIpNamesAreServed() {
        OriginPolicy policy = new OriginPolicy(List.of(), Optional.empty(), Set.of("chat.example.org", "*.home.arpa"));
        assertTrue(policy.allows("https://chat.example.org", "chat.example.org", "https", DIRECT));
        assertTrue(policy.allows("https://box.home.arpa:8443", "box.home.arpa:8443", "https", DIRECT));
        assertFalse(policy.allows("https://a.box.home.arpa", "a.box.home.arpa", "https", DIRECT),
                "a wildcard covers one label");
        assertFalse(policy.allows("https://evil.example", "evil.example", "https", DIRECT));
        assertFalse(policy.allows("https://chat.example.org", "evil.example", "https", DIRECT),
                "the Origin must still be the page's own");
    }

    @Test
    void publicUrlIsAllowedBehindAProxyThatRewritesHostAndScheme() {
        OriginPolicy policy = new OriginPolicy(List.of(), Optional.of(PublicUrl.parse("https://chat.example.org")),
                Set.of());
        // nginx passes Host: 127.0.0.1:8080 and plain http; trusted_proxies is not even set
        assertTrue(policy.allows("https://chat.example.org", "127.0.0.1:8080", "http", DIRECT));
        assertFalse(policy.allows("http://chat.example.org", "chat.example.org", "https", DIRECT));
        assertTrue(policy.allows("https://chat.example.org:8443", "chat.example.org:8443", "https", DIRECT),
                "public_url's host reached directly on another port is still the page's own origin");
        assertFalse(policy.allows("https://chat.example.org:8443", "127.0.0.1:8080", "http", DIRECT));
        assertFalse(policy.allows("https://evil.example", "evil.example", "https", DIRECT));
    }

    @Test
    void allowedOriginsAreExact() {
        OriginPolicy policy = new OriginPolicy(List.of("https://friends.example.net"));
        assertTrue(policy.allows("https://friends.example.net", "127.0.0.1:8080"));
        assertTrue(policy.allows("HTTPS://Friends.Example.NET", "127.0.0.1:8080"));
        assertFalse(policy.allows("https://friends.example.net:444", "127.0.0.1:8080"));
    }

    @Test
    void aTrustedProxysSchemeAndHostCountOnlyForServedNames() {
        OriginPolicy policy = new OriginPolicy(List.of(), Optional.empty(), Set.of("chat.example.org"));
        assertTrue(policy.allows("https://chat.example.org", "127.0.0.1:8080", "http",
                viaProxy("https", "chat.example.org")));
        assertFalse(policy.allows("https://evil.example", "127.0.0.1:8080", "http", viaProxy("https", "evil.example")),
                "a forwarded host that is not served is ignored");
        assertFalse(policy.allows("https://chat.example.org", "127.0.0.1:8080", "http",
                viaProxy("http", "chat.example.org")), "the forwarded scheme is compared");
        assertTrue(policy.allows("https://chat.example.org", "chat.example.org", "http", viaProxy("https", null)),
                "nginx's Host $host with X-Forwarded-Proto");
    }

    @Test
    void forwardedSchemeAndHostFromAnUntrustedPeerAreNotEvenLookedAt() {
        OriginPolicy policy = new OriginPolicy(List.of(), Optional.empty(), Set.of("chat.example.org"));
        ClientAddress forged = new ClientAddress("203.0.113.5", "203.0.113.5", false, Optional.of("https"),
                Optional.of("chat.example.org"));
        assertFalse(policy.allows("https://chat.example.org", "127.0.0.1:8080", "http", forged));
    }

    @Test
    void malformedOriginsAreRefused() {
        for (String origin : List.of("", "localhost", "ws://localhost:8080", "http://localhost:8080/path",
                "http://user@localhost:8080", "http://[::1", "file://", "http://local host")) {
            assertFalse(DEFAULTS.allows(origin, "localhost:8080"), origin);
        }
    }
}
