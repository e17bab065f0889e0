package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.crypto.Argon2PasswordHasher;

/** The java -jar TLS keys: SSL_Keystore, SSL_Keystore_Password, data_dir, http_redirect, http_port. */
class TlsConfigKeysTest {
    final ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());

    TlsConfig tls(String json) throws ConfigException {
        return loader.parse(json, "config.json", Path.of("/etc/safehouse")).tls();
    }

    String problem(String json) {
        return assertThrows(ConfigException.class, () -> tls(json)).getMessage();
    }

    @Test
    void defaultsGenerateIntoSafehouseDataNextToTheConfigWithoutPlainHttp() throws Exception {
        TlsConfig tls = tls("{\"SSL\":true}");
        assertTrue(tls.enabled());
        assertTrue(tls.selfSigned());
        assertEquals(Path.of("/etc/safehouse/safehouse-data"), tls.dataDirectory());
        assertFalse(tls.httpRedirect());
        assertEquals(0, tls.httpPort());
    }

    @Test
    void withoutAConfigFileTheDataDirectoryIsInTheWorkingDirectory() {
        assertEquals(Path.of("safehouse-data").toAbsolutePath(), loader.defaults().tls().dataDirectory());
    }

    @Test
    void dataDirectoryIsRelativeToTheConfigFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.json"), "{\"data_dir\":\"state/tls\"}");
        assertEquals(dir.resolve("state/tls").toAbsolutePath(), loader.load(file).tls().dataDirectory());
        assertEquals(Path.of("/var/lib/safehouse"), tls("{\"data_dir\":\"/var/lib/safehouse\"}").dataDirectory());
    }

    @Test
    void aKeystoreComesWithItsPasswordAndNeverWithPemFiles() throws Exception {
        TlsConfig tls = tls("{\"SSL\":true,\"SSL_Keystore\":\"tls/server.p12\",\"SSL_Keystore_Password\":\"s3cret\"}");
        assertEquals(Optional.of(Path.of("/etc/safehouse/tls/server.p12")), tls.keyStore());
        assertEquals(Optional.of("s3cret"), tls.keyStorePassword());
        assertFalse(tls.selfSigned());
        assertFalse(tls.toString().contains("s3cret"), tls.toString());

        assertEquals("config.json: SSL_Keystore_Password: is required with SSL_Keystore: the password of the "
                + "keystore and of its key entry", problem("{\"SSL_Keystore\":\"a.p12\"}"));
        assertTrue(problem("{\"SSL_Keystore_Password\":\"x\"}")
                .startsWith("config.json: SSL_Keystore_Password: is only used together with SSL_Keystore"));
        assertTrue(problem("{\"SSL_Keystore\":\"a.p12\",\"SSL_Keystore_Password\":\"x\",\"SSL_Cert\":\"c.pem\","
                + "\"SSL_Key\":\"k.pem\"}").startsWith("config.json: SSL_Keystore: set SSL_Cert and SSL_Key"));
    }

    @Test
    void httpRedirectNeedsTlsAndItsOwnPort() throws Exception {
        TlsConfig tls = tls("{\"SSL\":true,\"server_port\":8443,\"http_redirect\":true,\"http_port\":8080}");
        assertTrue(tls.httpRedirect());
        assertEquals(8080, tls.httpPort());

        assertTrue(problem("{\"http_redirect\":true,\"http_port\":8080}")
                .startsWith("config.json: http_redirect: needs SSL true"));
        assertTrue(problem("{\"SSL\":true,\"http_redirect\":true}").startsWith("config.json: http_port: must be set"));
        assertTrue(problem("{\"SSL\":true,\"http_port\":8081}")
                .startsWith("config.json: http_port: is only used with http_redirect true"));
        assertTrue(problem("{\"SSL\":true,\"server_port\":8443,\"http_redirect\":true,\"http_port\":8443}")
                .startsWith("config.json: http_port: must differ from server_port"));
        assertTrue(problem("{\"http_port\":-1}").startsWith("config.json: http_port: must be a whole number"));
    }

    @Test
    void theShippedExampleStatesTheseDefaults(@TempDir Path dir) throws Exception {
        Path copy = Files.copy(Path.of("config.json.example"), dir.resolve("config.json"));
        TlsConfig example = loader.load(copy).tls();
        TlsConfig defaults = loader.parse("{}", "config.json", dir).tls();
        assertEquals(defaults, example, "config.json.example must state the TLS defaults");
    }

    @Test
    void aProxysCertificateFingerprintIsReadInTheBrowsersFormAndBadOnesAreRefused() throws Exception {
        String hex = "3a7f0c1d2e3f405162738495a6b7c8d9eaf0112233445566778899aabbccddee";
        String pairs = hex.toUpperCase().replaceAll("(..)(?!$)", "$1:");
        assertEquals(Optional.of(hex), tls("{\"tls_certificate_sha256\":\"" + pairs + "\"}").proxyCertificate());
        assertEquals(Optional.empty(), tls("{}").proxyCertificate());
        assertTrue(problem("{\"tls_certificate_sha256\":\"abc\"}")
                .startsWith("config.json: tls_certificate_sha256: must be the certificate's SHA-256"));
    }
}
