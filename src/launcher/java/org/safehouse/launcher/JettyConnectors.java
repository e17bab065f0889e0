package org.safehouse.launcher;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.config.TlsConfig;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.embed.SelectorReadingConnector;

/**
 * The embedded Jetty's connectors: plain HTTP, HTTPS with Safehouse's TLS policy, and the redirecting one. The first
 * two serve the chat, so their WebSocket connections read on the selector thread on one node
 * ({@link SelectorReadingConnector}); the redirecting one only answers redirects.
 */
final class JettyConnectors {
    /** Offered protocols, newest first. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * Excluded cipher suites: Jetty's defaults (MD5 and SHA-1 MACs, RSA key exchange, SSL_ names, NULL, anonymous)
     * plus CBC modes and static (not forward-secret) DH and ECDH key exchange. What remains is ECDHE or DHE with
     * AES-GCM or ChaCha20-Poly1305 for TLS 1.2, and the TLS 1.3 suites (all AEAD). jetty-base/etc/safehouse-tls.xml
     * and the Tomcat connector in docs/DEPLOY.md follow the same policy.
     */
    static final String[] EXCLUDED_CIPHER_SUITES = {
        "^.*_(MD5|SHA|SHA1)$", "^TLS_RSA_.*$", "^SSL_.*$", "^.*_NULL_.*$", "^.*_anon_.*$",
        "^.*_CBC_.*$", "^TLS_ECDH_.*$", "^TLS_DH_.*$"};

    private JettyConnectors() {
    }

    static ServerConnector plain(Server server, SafehouseConfig config) {
        return SelectorReadingConnector.forConfig(server, config, new HttpConnectionFactory(httpConfiguration()));
    }

    /** Plain HTTP for the redirects to HTTPS. */
    static ServerConnector redirecting(Server server) {
        return new ServerConnector(server, new HttpConnectionFactory(httpConfiguration()));
    }

    /**
     * HTTPS serving {@code material}: TLS 1.2/1.3 only, strong suites only, HSTS on every response. Jetty's SNI host
     * check is off: it answers 400 to requests whose Host is not among the certificate's names, which would lock
     * out people reaching a self-signed server by a LAN address after they accepted its certificate.
     */
    static ServerConnector secure(Server server, SafehouseConfig config, TlsMaterial material) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(material.keyStore());
        tls.setKeyStorePassword(new String(material.keyStorePassword()));
        tls.setIncludeProtocols(PROTOCOLS);
        tls.setExcludeCipherSuites(EXCLUDED_CIPHER_SUITES);
        tls.setRenegotiationAllowed(false);
        HttpConfiguration http = httpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false, TlsConfig.HSTS_MAX_AGE_SECONDS, false);
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setSecureScheme("https");
        return SelectorReadingConnector.forConfig(server, config, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(http));
    }

    /**
     * Makes {@code redirecting}, a {@link #redirecting} connector behind a SecuredRedirectHandler, send its clients to
     * HTTPS on {@code httpsPort}.
     */
    static void pointRedirectsAt(ServerConnector redirecting, int httpsPort) {
        HttpConfiguration http = redirecting.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
        http.setSecureScheme("https");
        http.setSecurePort(httpsPort);
    }

    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        return http;
    }
}
