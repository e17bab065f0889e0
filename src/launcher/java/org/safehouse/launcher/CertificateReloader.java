package org.safehouse.launcher;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.safehouse.config.TlsConfig;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.crypto.TlsMaterialException;

/**
 * Serves a renewed certificate without a restart: every {@code certificate_reload_seconds} it reads the configured
 * files ({@code SSL_Cert} and {@code SSL_Key}, or {@code SSL_Keystore}; else the self-signed pair in {@code data_dir},
 * which a server panic wipe or {@code --replace-certificate} replaces) and compares a SHA-256 over their contents
 * with the last one seen. Contents, not modification times or inotify: certbot renews by pointing symlinks at new
 * files, and a copy may keep the old times. On a change it loads and validates the pair as at start-up; a valid one
 * replaces the connector's key store through {@link SslContextFactory#reload}, which new handshakes use while open
 * connections keep theirs. An invalid one (mismatched, garbage, expired, half-copied) is refused with one log line
 * and the served certificate stays; it is tried again when the files change again.
 *
 * <p>One daemon thread of its own; {@link #check()} runs only there (or in a test, alone).
 */
final class CertificateReloader {
    private static final System.Logger LOG = System.getLogger(CertificateReloader.class.getName());

    private final TlsConfig tls;
    private final SslContextFactory.Server factory;
    private byte[] lastSeen;
    private String servedFingerprint;

    private CertificateReloader(TlsConfig tls, SslContextFactory.Server factory, String servedFingerprint) {
        this.tls = tls;
        this.factory = factory;
        this.servedFingerprint = servedFingerprint;
        this.lastSeen = contentDigest();
    }

    /** Starts watching when TLS is on and {@code certificate_reload_seconds} is positive. */
    static void startIfConfigured(TlsConfig tls, ServerConnector connector, TlsMaterial served) {
        if (!tls.enabled() || tls.reloadSeconds() <= 0) {
            return;
        }
        SslConnectionFactory ssl = connector.getConnectionFactory(SslConnectionFactory.class);
        CertificateReloader reloader = new CertificateReloader(tls, ssl.getSslContextFactory(), served.fingerprint());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "safehouse-certificate-reload");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(reloader::checkSafely, tls.reloadSeconds(), tls.reloadSeconds(),
                TimeUnit.SECONDS);
        LOG.log(Level.INFO, "TLS: looking for a renewed certificate every {0} {1}",
                field("seconds", tls.reloadSeconds()), field("files", reloader.files()));
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "TLS: certificate check failed {0}", field("reason", e.toString()));
        }
    }

    /** Loads and serves the files if their contents changed since the last look. */
    void check() {
        byte[] digest = contentDigest();
        if (Arrays.equals(digest, lastSeen)) {
            return;
        }
        lastSeen = digest;
        TlsMaterial material;
        try {
            material = LauncherTls.loadExisting(tls); // never generates: a deleted self-signed pair is an error
        } catch (TlsMaterialException | RuntimeException e) {
            LOG.log(Level.WARNING, "TLS: the changed certificate files were NOT loaded; still serving {0}: {1}",
                    field("fingerprint", servedFingerprint), field("reason", oneLine(e.getMessage())));
            return;
        }
        if (material.fingerprint().equals(servedFingerprint)) {
            return; // same certificate, rewritten
        }
        try {
            factory.reload(f -> {
                f.setKeyStore(material.keyStore());
                f.setKeyStorePassword(new String(material.keyStorePassword()));
            });
        } catch (Exception e) {
            LOG.log(Level.WARNING, "TLS: the new certificate could not be installed; still serving {0}: {1}",
                    field("fingerprint", servedFingerprint), field("reason", oneLine(String.valueOf(e))));
            return;
        }
        servedFingerprint = material.fingerprint();
        LOG.log(Level.INFO, "TLS: serving the renewed certificate to new connections {0} {1}",
                field("fingerprint", servedFingerprint),
                field("not_after", material.certificate().getNotAfter().toInstant()));
    }

    /** SHA-256 over each file's path and content; a missing or unreadable file counts by its error. */
    private byte[] contentDigest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Path file : files()) {
            sha.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                sha.update(Files.readAllBytes(file));
            } catch (IOException e) {
                sha.update(e.getClass().getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return sha.digest();
    }

    private List<Path> files() {
        if (tls.selfSigned()) {
            return List.of(LauncherTls.store(tls).certificateFile(), LauncherTls.store(tls).privateKeyFile());
        }
        return tls.keyStore().isPresent() ? List.of(tls.keyStore().get())
                : List.of(tls.certificate().orElseThrow(), tls.privateKey().orElseThrow());
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\r\\n]+", " ");
    }

    private static Map.Entry<String, String> field(String name, Object value) {
        return Map.entry(name, String.valueOf(value));
    }
}
