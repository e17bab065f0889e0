package org.safehouse.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for {@code java -jar}: Ragnarok's {@code SSL}, {@code SSL_Cert}, {@code SSL_Key}, plus {@code SSL_Keystore},
 * {@code SSL_Keystore_Password}, {@code data_dir}, {@code http_redirect} and {@code http_port}. Containers (Jetty,
 * Tomcat) do their own TLS and ignore all of this. File paths are absolute, resolved against the config file's
 * directory (the working directory without a config file). {@link #toString()} hides the keystore password.
 *
 * @param enabled          serve https/wss
 * @param certificate      PEM certificate (chain) file; set together with {@code privateKey}
 * @param privateKey       PEM private key file
 * @param keyStore         PKCS12 keystore file, the alternative to the PEM pair; never set together with it
 * @param keyStorePassword password of {@code keyStore} and of its key entry; present exactly when it is
 * @param dataDirectory    {@code data_dir}: where Safehouse writes its files, the generated self-signed certificate
 *                         (when neither PEM files nor a keystore are configured) and the SQLite history file; created
 *                         owner-only when missing. Kept here for compatibility; it is not only about TLS
 * @param httpRedirect     with TLS on: also listen for plain HTTP on {@code httpPort}, answering every request with
 *                         a redirect to HTTPS
 * @param httpPort         the plain HTTP port of {@code httpRedirect}; 0 when {@code httpRedirect} is off
 * @param reloadSeconds    {@code certificate_reload_seconds}: how often {@code java -jar} looks whether the configured
 *                         certificate files changed, and serves the new ones to new connections; 0 = never
 */
public record TlsConfig(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey,
                        Optional<Path> keyStore, Optional<String> keyStorePassword, Path dataDirectory,
                        boolean httpRedirect, int httpPort, int reloadSeconds) {
    /** {@code certificate_reload_seconds}' default: a renewed certificate is served within a minute. */
    public static final int DEFAULT_RELOAD_SECONDS = 30;
    /** {@code data_dir}'s default, relative to the config file's directory (or the working directory). */
    public static final String DEFAULT_DATA_DIRECTORY = "safehouse-data";
    /** HSTS max-age the launcher sends on HTTPS responses: one year. */
    public static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 60 * 60;

    public static final TlsConfig OFF = new TlsConfig(false, Optional.empty(), Optional.empty());

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
    }

    /** With the default {@link #DEFAULT_RELOAD_SECONDS}. */
    public TlsConfig(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey,
                     Optional<Path> keyStore, Optional<String> keyStorePassword, Path dataDirectory,
                     boolean httpRedirect, int httpPort) {
        this(enabled, certificate, privateKey, keyStore, keyStorePassword, dataDirectory, httpRedirect, httpPort,
                DEFAULT_RELOAD_SECONDS);
    }

    /** PEM files only (or none), the default data directory under the working directory, no HTTP redirect. */
    public TlsConfig(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey) {
        this(enabled, certificate, privateKey, Optional.empty(), Optional.empty(),
                Path.of(DEFAULT_DATA_DIRECTORY).toAbsolutePath(), false, 0);
    }

    /** Whether a certificate is generated (or reused from {@link #dataDirectory()}) rather than configured. */
    public boolean selfSigned() {
        return certificate.isEmpty() && keyStore.isEmpty();
    }

    @Override
    public String toString() {
        return "TlsConfig[enabled=" + enabled + ", certificate=" + certificate + ", privateKey=" + privateKey
                + ", keyStore=" + keyStore + ", keyStorePassword=" + keyStorePassword.map(p -> "<hidden>")
                + ", dataDirectory=" + dataDirectory + ", httpRedirect=" + httpRedirect + ", httpPort=" + httpPort
                + ", reloadSeconds=" + reloadSeconds + "]";
    }
}
