package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubjectAlternativeNamesTest {
    @Test
    void namesForTheConfiguredHost() {
        assertEquals(List.of("chat.example.org", "localhost", "127.0.0.1", "::1"),
                SelfSignedCertificateGenerator.namesFor("Chat.Example.ORG"));
        assertEquals(List.of("localhost", "127.0.0.1", "::1"), SelfSignedCertificateGenerator.namesFor(null));
        assertEquals(List.of("localhost", "127.0.0.1", "::1"), SelfSignedCertificateGenerator.namesFor("0.0.0.0"));
        assertEquals(List.of("localhost", "127.0.0.1", "::1"), SelfSignedCertificateGenerator.namesFor("[::]"));
        assertEquals(List.of("127.0.0.1", "localhost", "::1"), SelfSignedCertificateGenerator.namesFor("127.0.0.1"));
        assertEquals(List.of("fd00::5", "localhost", "127.0.0.1", "::1"),
                SelfSignedCertificateGenerator.namesFor("[fd00::5]"));
        assertEquals(List.of("xn--bcher-kva.example", "localhost", "127.0.0.1", "::1"),
                SelfSignedCertificateGenerator.namesFor("bücher.example"));
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificateGenerator.namesFor("bad host"));
    }

    @Test
    void coversExactNamesWildcardsAndAddresses() {
        Instant now = Instant.now();
        X509Certificate certificate = SelfSignedCertificateGenerator.certify(
                SelfSignedCertificateGenerator.newEcKeyPair(),
                List.of("*.example.org", "localhost", "10.0.0.7", "fd00::5"), now, now.plus(Duration.ofDays(1)));

        assertTrue(SubjectAlternativeNames.covers(certificate, "chat.example.org"));
        assertTrue(SubjectAlternativeNames.covers(certificate, "LOCALHOST"));
        assertTrue(SubjectAlternativeNames.covers(certificate, "10.0.0.7"));
        assertTrue(SubjectAlternativeNames.covers(certificate, "[fd00:0:0:0:0:0:0:5]"));
        assertFalse(SubjectAlternativeNames.covers(certificate, "example.org"));
        assertFalse(SubjectAlternativeNames.covers(certificate, "a.b.example.org"));
        assertFalse(SubjectAlternativeNames.covers(certificate, "10.0.0.8"));
        assertFalse(SubjectAlternativeNames.covers(certificate, "127.0.0.1"));
    }

    @Test
    void ipLiteralsAreToldFromHostNamesWithoutANameLookup() {
        for (String ip : List.of("127.0.0.1", "0.0.0.0", "255.255.255.255", "10.0.0.7", "::1", "[::1]", "::",
                "fd00:0:0:0:0:0:0:5", "FD00::5", "2001:db8::1", "::ffff:192.0.2.1", " 192.0.2.1 ")) {
            assertTrue(SubjectAlternativeNames.isIpAddress(ip), ip);
        }
        for (String name : List.of("localhost", "chat.example.org", "256.1.1.1", "1.2.3", "1.2.3.4.5", "1..2.3",
                "01234.1.1.1", "+1.2.3.4", "1.2.3.-4", "fe80::1%eth0", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "[::1",
                "::g", "a.b:c", "", "dead", "cafe.example")) {
            assertFalse(SubjectAlternativeNames.isIpAddress(name), name);
        }
    }
}
