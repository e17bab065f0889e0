package org.safehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.deploy.ContainerProcess;
import org.safehouse.deploy.Distributions;
import org.safehouse.deploy.TlsProbe;
import org.safehouse.testing.WsTestClient;

/**
 * A renewed certificate is served without a restart, the way certbot renews one: the live files are symlinks that
 * move to new files. Open WebSockets stay open and keep working; an invalid pair is refused with one log line and
 * the served certificate stays.
 */
class CertificateReloadIT {
    private static final Duration START = Duration.ofSeconds(60);
    /** Poll interval 1 s in the config; a change must be served well within this. */
    private static final Duration RELOADED = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("Safehouse listening on https://127\\.0\\.0\\.1:(\\d+)/");
    private static final String NOT_LOADED = "the changed certificate files were NOT loaded";

    @TempDir
    Path temp;
    private ContainerProcess server;
    private WsTestClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRenewedPairIsServedToNewHandshakesOpenConnectionsStayAndAnInvalidPairIsRefused() throws Exception {
        TlsMaterial a = new SelfSignedCertificateStore(temp.resolve("archive/a")).replace("localhost");
        TlsMaterial b = new SelfSignedCertificateStore(temp.resolve("archive/b")).replace("localhost");
        Path live = Files.createDirectories(temp.resolve("live"));
        pointAt(live, "a", "a");
        Path config = Files.writeString(temp.resolve("config.json"), "{\"SSL\": true, \"server_port\": 0, "
                + "\"SSL_Cert\": \"live/cert.pem\", \"SSL_Key\": \"live/key.pem\", \"certificate_reload_seconds\": 1}");
        int port = start("reload", config);
        assertEquals(a.fingerprint(), TlsProbe.servedFingerprint(port));

        HttpClient trustingBoth = HttpClient.newBuilder().sslContext(TlsProbe.trustingAnyCertificate()).build();
        client = WsTestClient.connect(URI.create("wss://127.0.0.1:" + port + "/chat"), null, trustingBoth);
        client.joinAndWait("lobby", "ann", null);

        pointAt(live, "b", "b"); // certbot's renewal: the live symlinks move to the new files
        awaitServed(port, b.fingerprint());
        server.awaitOutput(Pattern.compile("serving the renewed certificate to new connections fingerprint="
                + Pattern.quote(b.fingerprint())), RELOADED);
        assertFalse(client.isClosed(), "the open WebSocket survives the reload");
        client.pingPong("after-renewal");

        pointAt(live, "a", "b"); // A's certificate with B's key: refused, B stays
        Matcher refused = server.awaitOutput(Pattern.compile(".*" + NOT_LOADED + ".*"), RELOADED);
        assertEquals(1, count(server.output(), NOT_LOADED), refused.group());
        assertFalse(refused.group().contains("PRIVATE KEY"), "the log line quotes no key material");
        Files.writeString(temp.resolve("archive/a/garbage.pem"), "not a certificate");
        Files.deleteIfExists(live.resolve("cert.pem"));
        Files.createSymbolicLink(live.resolve("cert.pem"), temp.resolve("archive/a/garbage.pem"));
        server.awaitOutput(Pattern.compile("(?s)" + NOT_LOADED + ".*" + NOT_LOADED), RELOADED);
        assertEquals(2, count(server.output(), NOT_LOADED), "one line per refused change, not one per poll:\n"
                + server.output());
        assertEquals(b.fingerprint(), TlsProbe.servedFingerprint(port), "the last good certificate is still served");
        assertNotEquals(a.fingerprint(), b.fingerprint());
        client.pingPong("after-refusal");
    }

    @Test
    void aSelfSignedPairReplacedInTheDataDirectoryIsServedWithoutARestart() throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{\"SSL\": true, \"server_port\": 0, "
                + "\"data_dir\": \"data\", \"certificate_reload_seconds\": 1}");
        int port = start("self-signed-reload", config);
        SelfSignedCertificateStore store = new SelfSignedCertificateStore(temp.resolve("data"));
        String generated = store.load().fingerprint();
        assertEquals(generated, TlsProbe.servedFingerprint(port), "the pair generated at first start");

        TlsMaterial rotated = store.rotateKey().orElseThrow(); // what the operator's server panic wipe does

        assertNotEquals(generated, rotated.fingerprint());
        awaitServed(port, rotated.fingerprint());
    }

    /** Starts {@code java -jar} with the config; returns its https port. */
    private int start(String name, Path config) throws Exception {
        server = ContainerProcess.start(name, List.of(ContainerProcess.java(), "-jar",
                Distributions.war().toString(), "--config", config.toString()), temp, Map.of("SAFEHOUSE_CONFIG", ""),
                temp.resolve(name + ".log"), List.of());
        return Integer.parseInt(server.awaitOutput(LISTENING, START).group(1));
    }

    /** Replaces live/cert.pem and live/key.pem by symlinks into archive/{certFrom,keyFrom}, as certbot does. */
    private void pointAt(Path live, String certFrom, String keyFrom) throws Exception {
        relink(live.resolve("cert.pem"), temp.resolve("archive").resolve(certFrom).resolve("cert.pem"));
        relink(live.resolve("key.pem"), temp.resolve("archive").resolve(keyFrom).resolve("key.pem"));
    }

    private static void relink(Path link, Path target) throws Exception {
        Path fresh = link.resolveSibling(link.getFileName() + ".new");
        Files.deleteIfExists(fresh);
        Files.createSymbolicLink(fresh, target);
        Files.move(fresh, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    private static void awaitServed(int port, String fingerprint) throws Exception {
        long end = System.nanoTime() + RELOADED.toNanos();
        String last = null;
        while (System.nanoTime() < end) {
            last = TlsProbe.servedFingerprint(port);
            if (fingerprint.equals(last)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("still serving " + last + ", not " + fingerprint + ", after " + RELOADED);
    }
}
