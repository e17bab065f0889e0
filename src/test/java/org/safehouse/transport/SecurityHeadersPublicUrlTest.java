package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.config.PublicUrl;

class SecurityHeadersPublicUrlTest {
    @Test
    void publicUrlsWebSocketOriginIsAllowedToConnect() {
        String policy = SecurityHeadersFilter.contentSecurityPolicy("127.0.0.1:8080",
                Optional.of(PublicUrl.parse("https://chat.example.org")));
        assertTrue(policy.contains("connect-src 'self' ws://127.0.0.1:8080 wss://127.0.0.1:8080 "
                + "wss://chat.example.org;"), policy);
        String plain = SecurityHeadersFilter.contentSecurityPolicy("chat.example.org:8000",
                Optional.of(PublicUrl.parse("http://chat.example.org:8000/")));
        assertTrue(plain.contains("connect-src 'self' ws://chat.example.org:8000 wss://chat.example.org:8000;"),
                plain);
    }
}
