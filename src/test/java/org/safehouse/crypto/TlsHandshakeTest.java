package org.safehouse.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keystore handed to Jetty, used the way Jetty's SslContextFactory uses it (a PKIX key manager over the store
 * and its password), serves a real TLS handshake on loopback that a client checking the host name accepts.
 */
class TlsHandshakeTest {
    private static final int TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path temp;

    @Test
    void generatedCertificateServesTlsForItsLoopbackNames() throws Exception {
        TlsMaterial material = new SelfSignedCertificateStore(temp).loadOrCreate("chat.example.org");

        assertEquals("TLSv1.3", handshake(material, material.certificate(), "127.0.0.1"));
        assertEquals("TLSv1.3", handshake(material, material.certificate(), "localhost"));
    }

    @Test
    void clientRefusesAHostNameTheCertificateDoesNotName() throws Exception {
        TlsMaterial material = new SelfSignedCertificateStore(temp).loadOrCreate(null);

        assertThrows(SSLHandshakeException.class, () -> handshake(material, material.certificate(), "chat.example.org"));
    }

    /** Connects to a loopback server using {@code material}, checking {@code hostName}; returns the protocol. */
    private static String handshake(TlsMaterial material, X509Certificate trusted, String hostName) throws Exception {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(material.keyStore(), material.keyStorePassword());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("server", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trustStore);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);

        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (SSLServerSocket server = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, loopback)) {
            server.setSoTimeout(TIMEOUT_MILLIS);
            Future<?> accepted = executor.submit(() -> {
                try (SSLSocket socket = (SSLSocket) server.accept()) {
                    socket.setSoTimeout(TIMEOUT_MILLIS);
                    socket.startHandshake();
                    socket.getOutputStream().write(42);
                    socket.getOutputStream().flush();
                    socket.getInputStream().read(); // until the client closes: closing first could lose the byte
                }
                return null;
            });
            try (Socket client = new Socket()) { // plain TCP; the named TLS socket is layered over it
                client.connect(new InetSocketAddress(loopback, server.getLocalPort()), TIMEOUT_MILLIS);
                client.setSoTimeout(TIMEOUT_MILLIS);
                SSLSocket named = (SSLSocket) clientContext.getSocketFactory()
                        .createSocket(client, hostName, server.getLocalPort(), true);
                SSLParameters parameters = named.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // browsers' host name check
                named.setSSLParameters(parameters);
                named.startHandshake();
                assertEquals(42, named.getInputStream().read());
                assertEquals(material.certificate(), named.getSession().getPeerCertificates()[0]);
                String protocol = named.getSession().getProtocol();
                named.close();
                accepted.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                return protocol;
            } catch (IOException clientSide) {
                try {
                    accepted.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException serverSide) {
                    clientSide.addSuppressed(serverSide.getCause());
                }
                throw clientSide;
            }
        } finally {
            executor.shutdownNow();
        }
    }
}
