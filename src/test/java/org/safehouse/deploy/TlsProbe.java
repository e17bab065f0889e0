package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.safehouse.crypto.CertificateFingerprint;

/** Raw TLS handshakes against a port, offering exactly one protocol and, optionally, one cipher suite. */
public final class TlsProbe {
    private TlsProbe() {
    }

    /**
     * @return the negotiated cipher suite, or null when the server refused the handshake
     */
    public static String handshake(SSLContext trusting, int port, String protocol, String cipherSuite)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            if (cipherSuite != null) {
                socket.setEnabledCipherSuites(new String[] {cipherSuite});
            }
            try {
                socket.startHandshake();
                return socket.getSession().getCipherSuite();
            } catch (javax.net.ssl.SSLException e) {
                return null;
            }
        }
    }

    /** The SHA-256 fingerprint of the certificate a new handshake on 127.0.0.1:port gets, read without trusting it. */
    public static String servedFingerprint(int port) throws IOException, GeneralSecurityException {
        try (SSLSocket socket = (SSLSocket) trustingAnyCertificate().getSocketFactory().createSocket("127.0.0.1",
                port)) {
            socket.startHandshake();
            return CertificateFingerprint.sha256((X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    /** A TLS context that accepts whatever certificate a server presents: for reading it, never for trusting it. */
    public static SSLContext trustingAnyCertificate() throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    /** Asserts the TLS policy on a port: TLS 1.3 and 1.2 with AEAD suites only; a CBC suite is refused. */
    public static void assertModernProtocolsAndAeadSuites(SSLContext trusting, int port) throws IOException {
        assertNotNull(handshake(trusting, port, "TLSv1.3", null));
        assertEquals(GCM_SUITE, handshake(trusting, port, "TLSv1.2", GCM_SUITE));
        assertNull(handshake(trusting, port, "TLSv1.2", CBC_SUITE), "a CBC suite must be refused");
        String negotiated = handshake(trusting, port, "TLSv1.2", null);
        assertTrue(negotiated.contains("_GCM_") || negotiated.contains("CHACHA20"), negotiated);
    }

    /** A TLS 1.2 CBC suite an EC certificate could serve, which the policy must refuse. */
    public static final String CBC_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
    /** A TLS 1.2 AEAD suite the policy must accept. */
    public static final String GCM_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
}
