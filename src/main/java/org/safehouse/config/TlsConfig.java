package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
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
 * @param proxyCertificate {@code tls_certificate_sha256}: lowercase hex SHA-256 of the DER leaf certificate a reverse
 *                         proxy (or container) serves, announced in Hello when Safehouse does not serve TLS itself
 */
public record TlsConfig(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey,
                        Optional<Path> keyStore, Optional<String> keyStorePassword, Path dataDirectory,
                        boolean httpRedirect, int httpPort, int reloadSeconds, Optional<String> proxyCertificate) {
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
        Objects.requireNonNull(proxyCertificate, "proxyCertificate");
    }

    /** Without {@code tls_certificate_sha256}. */
    public TlsConfig(boolean enabled, Optional<Path> certificate, Optional<Path> privateKey,
                     Optional<Path> keyStore, Optional<String> keyStorePassword, Path dataDirectory,
                     boolean httpRedirect, int httpPort, int reloadSeconds) {
        this(enabled, certificate, privateKey, keyStore, keyStorePassword, dataDirectory, httpRedirect, httpPort,
                reloadSeconds, Optional.empty());
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

    /**
     * The TLS keys of config.json as written, with their checks; absent keys take their value in {@link #DEFAULTS}.
     * Blank file names count as absent.
     */
    public record Keys(
            @JsonbProperty("SSL") Boolean ssl,
            @JsonbProperty("SSL_Cert") String certificate,
            @JsonbProperty("SSL_Key") String privateKey,
            @JsonbProperty("SSL_Keystore") String keyStore,
            @JsonbProperty("SSL_Keystore_Password") String keyStorePassword,
            @JsonbProperty("data_dir") @TextLength(min = 1, max = 4096) String dataDirectory,
            @JsonbProperty("http_redirect") Boolean httpRedirect,
            @JsonbProperty("http_port") @WholeNumber(min = 0, max = 65535) Integer httpPort,
            @JsonbProperty("certificate_reload_seconds") @WholeNumber(min = 0, max = 86_400) Integer reloadSeconds,
            @JsonbProperty("tls_certificate_sha256") @TextLength(min = 0, max = 95) String proxyCertificate) {
        public static final Keys DEFAULTS = new Keys(false, null, null, null, null, DEFAULT_DATA_DIRECTORY, false, 0,
                DEFAULT_RELOAD_SECONDS, null);
    }

    /** Reads the TLS keys; paths are resolved against {@code base}, the config file's directory. */
    static TlsConfig read(JsonFields top, Path base, int serverPort) throws ConfigException {
        Keys keys = SectionBinder.bind(top, Keys.class, Keys.DEFAULTS);
        Optional<Path> cert = file(keys.certificate(), base);
        Optional<Path> key = file(keys.privateKey(), base);
        if (cert.isPresent() != key.isPresent()) {
            throw top.problem(cert.isPresent() ? "SSL_Key" : "SSL_Cert",
                    "SSL_Cert and SSL_Key go together: set both, or neither to have a certificate generated");
        }
        Optional<Path> keyStore = file(keys.keyStore(), base);
        Optional<String> keyStorePassword = Optional.ofNullable(keys.keyStorePassword());
        if (keyStore.isPresent() && cert.isPresent()) {
            throw top.problem("SSL_Keystore", "set SSL_Cert and SSL_Key (PEM files) or SSL_Keystore (PKCS12), not both");
        }
        if (keyStore.isPresent() && keyStorePassword.isEmpty()) {
            throw top.problem("SSL_Keystore_Password",
                    "is required with SSL_Keystore: the password of the keystore and of its key entry");
        }
        if (keyStore.isEmpty() && keyStorePassword.isPresent()) {
            throw top.problem("SSL_Keystore_Password", "is only used together with SSL_Keystore");
        }
        boolean httpRedirect = keys.httpRedirect();
        int httpPort = keys.httpPort();
        if (httpRedirect && !keys.ssl()) {
            throw top.problem("http_redirect", "needs SSL true: it redirects plain HTTP to HTTPS");
        }
        if (httpRedirect && httpPort == 0) {
            throw top.problem("http_port", "must be set (1 to 65535, e.g. 80) when http_redirect is true");
        }
        if (!httpRedirect && httpPort != 0) {
            throw top.problem("http_port", "is only used with http_redirect true (plain HTTP is off when SSL is on, "
                    + "and server_port is the plain HTTP port when SSL is off)");
        }
        if (httpPort != 0 && httpPort == serverPort) {
            throw top.problem("http_port", "must differ from server_port, the HTTPS port");
        }
        return new TlsConfig(keys.ssl(), cert, key, keyStore, keyStorePassword,
                base.resolve(keys.dataDirectory()).toAbsolutePath().normalize(), httpRedirect, httpPort,
                keys.reloadSeconds(), proxyCertificate(top, keys.proxyCertificate()));
    }

    /** {@code tls_certificate_sha256}: 64 hex digits, or 32 colon-separated pairs as browsers show it; lowercase hex. */
    private static Optional<String> proxyCertificate(JsonFields top, String given) throws ConfigException {
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        String hex = given.trim().replace(":", "").toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw top.problem("tls_certificate_sha256", "must be the certificate's SHA-256: 64 hex digits (colons "
                    + "between pairs allowed), as the browser's certificate viewer shows it");
        }
        return Optional.of(hex);
    }

    private static Optional<Path> file(String name, Path base) {
        return Optional.ofNullable(name).filter(s -> !s.isBlank()).map(base::resolve);
    }
}
