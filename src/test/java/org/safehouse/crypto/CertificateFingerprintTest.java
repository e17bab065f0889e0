package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class CertificateFingerprintTest {
    @Test
    void knownDigestIsFormattedAsBrowsersShowIt() {
        // SHA-256 of the empty input, a published test vector
        assertEquals("E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55",
                CertificateFingerprint.sha256(new byte[0]));
    }

    @Test
    void certificateFingerprintIsTheDigestOfItsDerEncoding() throws Exception {
        Instant now = Instant.now();
        X509Certificate certificate = TestPems.certificate(SelfSignedCertificateGenerator.newEcKeyPair(),
                now, now.plus(Duration.ofDays(1)));

        String fingerprint = CertificateFingerprint.sha256(certificate);

        assertTrue(fingerprint.matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), fingerprint);
        String expected = HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        assertEquals(expected, fingerprint);
    }
}
