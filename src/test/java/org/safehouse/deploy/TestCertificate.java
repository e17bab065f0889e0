package org.safehouse.deploy;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterial;

/**
 * A fresh self-signed server certificate for a test (names: localhost, 127.0.0.1, ::1) as PEM files, optionally as a
 * PKCS12 keystore, and a client that trusts exactly this certificate and checks host names.
 */
public final class TestCertificate {
    private final SelfSignedCertificateStore store;
    private final TlsMaterial material;

    private TestCertificate(SelfSignedCertificateStore store, TlsMaterial material) {
        this.store = store;
        this.material = material;
    }

    /** Generates into {@code directory}: cert.pem and key.pem. */
    public static TestCertificate generate(Path directory) throws Exception {
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(directory);
        return new TestCertificate(store, store.replace("localhost"));
    }

    public Path certificatePem() {
        return store.certificateFile();
    }

    public Path privateKeyPem() {
        return store.privateKeyFile();
    }

    public TlsMaterial material() {
        return material;
    }

    public void writePkcs12(Path file, char[] password) throws Exception {
        material.writePkcs12(file, password);
    }

    /** TLS that trusts this certificate only. */
    public SSLContext clientContext() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", material.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** An HTTP and WebSocket client trusting this certificate; never follows redirects, so tests see them. */
    public HttpClient client() throws Exception {
        return HttpClient.newBuilder().sslContext(clientContext()).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
