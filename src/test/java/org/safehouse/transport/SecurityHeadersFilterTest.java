package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {
    /** The sealed rooms' Argon2id runs as WebAssembly in the page; nothing else about scripts is loosened. */
    @Test
    void scriptsMayCompileWebAssemblyButNeverEvaluateStrings() {
        String policy = SecurityHeadersFilter.contentSecurityPolicy("127.0.0.1:8080");
        String scriptSources = Arrays.stream(policy.split(";")).map(String::trim)
                .filter(directive -> directive.startsWith("script-src ")).findFirst().orElseThrow();
        assertEquals("script-src 'self' 'wasm-unsafe-eval'", scriptSources);
        assertFalse(policy.contains("'unsafe-eval'"), policy);
        assertFalse(policy.contains("'unsafe-inline'"), policy);
        assertEquals("style-src 'self'", Arrays.stream(policy.split(";")).map(String::trim)
                .filter(directive -> directive.startsWith("style-src ")).findFirst().orElseThrow());
    }
}
