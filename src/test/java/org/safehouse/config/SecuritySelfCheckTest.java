package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.config.SecuritySelfCheck.Finding;
import org.safehouse.config.SecuritySelfCheck.Severity;
import org.safehouse.crypto.Argon2PasswordHasher;

/**
 * The self-check's rules, without files or Argon2 work per check: configs come from JSON through the loader (with
 * password hashes made once), the hash comparison and the file permissions are fakes.
 */
class SecuritySelfCheckTest {
    static final Argon2PasswordHasher HASHER = new Argon2PasswordHasher();
    static final ConfigLoader LOADER = new ConfigLoader(HASHER);
    static String exampleHash;
    static String ownHash;
    static String nearlyHash;
    static SecuritySelfCheck check;

    @BeforeAll
    static void hashOnce() {
        exampleHash = HASHER.hash(SecuritySelfCheck.EXAMPLE_ROOM_PASSWORD);
        ownHash = HASHER.hash("our own secret");
        nearlyHash = HASHER.hash("Change me!");
        Map<String, String> clearOf = Map.of(exampleHash, SecuritySelfCheck.EXAMPLE_ROOM_PASSWORD,
                ownHash, "our own secret", nearlyHash, "Change me!");
        check = new SecuritySelfCheck((phc, clear) -> clear.equals(clearOf.get(phc)),
                file -> file.toString().endsWith("loose.pem") ? Optional.of("rw-r--r--") : Optional.empty());
    }

    static SafehouseConfig config(String json) throws ConfigException {
        return LOADER.parse(json, "config.json", Path.of("/etc/safehouse"));
    }

    static String room(String name, String hash) {
        return "{\"name\":\"" + name + "\",\"password_hash\":\"" + hash + "\"}";
    }

    @Test
    void aSafeLoopbackConfigHasNoFindings() throws Exception {
        SafehouseConfig config = config("{\"rooms\":[" + room("family", ownHash) + "]}");
        for (String host : List.of("127.0.0.1", "localhost", "::1")) {
            assertEquals(List.of(), check.checkStandalone(config, host, List.of()), host);
        }
    }

    @Test
    void theExamplesRoomPasswordIsRefusedWhereverItIs() throws Exception {
        SafehouseConfig config = config("{\"server_password\":\"" + exampleHash + "\",\"rooms\":["
                + room("family", exampleHash) + "," + room("work", nearlyHash) + "]}");
        List<Finding> findings = check.checkDeployed(config);
        assertEquals(List.of(Severity.REFUSAL, Severity.REFUSAL), findings.stream().map(Finding::severity).toList());
        assertTrue(findings.get(0).message().startsWith("room \"lobby\" (the default room"), findings.toString());
        assertTrue(findings.get(1).message().startsWith("room \"family\" has the password \"change me\" copied "
                + "from config.json.example"), findings.toString());
    }

    @Test
    void wildcardOriginsAreRefused() throws Exception {
        SafehouseConfig loaded = config("{\"allowed_origins\":[\"https://chat.example.org\"]}");
        SafehouseConfig config = new SafehouseConfig(loaded.serverName(), loaded.host(), loaded.port(), loaded.tls(),
                loaded.defaultRoom(), loaded.rooms(), loaded.allowRoomCreation(),
                List.of("https://chat.example.org", "https://*.example.org"), loaded.nodeId(), loaded.limits(),
                loaded.history());
        List<Finding> findings = check.checkDeployed(config);
        assertEquals(List.of(Severity.REFUSAL), findings.stream().map(Finding::severity).toList());
        assertTrue(findings.get(0).message().contains("https://*.example.org"));
    }

    @Test
    void listeningBeyondLoopbackWithoutTlsIsALoudWarningAndWithTlsNone() throws Exception {
        SafehouseConfig plain = config("{}");
        for (String host : List.of("0.0.0.0", "::", "192.168.1.20", "chat.example.org", "")) {
            List<Finding> findings = check.checkStandalone(plain, host, List.of());
            assertEquals(List.of(Severity.WARNING), findings.stream().map(Finding::severity).toList(), host);
            assertTrue(findings.get(0).message().contains("WITHOUT TLS"));
        }
        assertEquals(List.of(), check.checkStandalone(config("{\"SSL\":true}"), "0.0.0.0", List.of()));
    }

    @Test
    void theWarningWithoutTlsNamesTheAdminTokenWhenTheAdminApiIsOn() throws Exception {
        SafehouseConfig admin = config("{\"admin_token\":\"" + "t".repeat(40) + "\"}");
        String warning = check.checkStandalone(admin, "0.0.0.0", List.of()).get(0).message();
        assertTrue(warning.contains("admin_token"), warning);
        assertFalse(warning.contains("t".repeat(40)), "the token itself is never printed");
        assertFalse(check.checkStandalone(config("{}"), "0.0.0.0", List.of()).get(0).message().contains("admin"));
    }

    @Test
    void aKeyFileReadableByOthersIsAWarningNamingTheFile() throws Exception {
        List<Finding> findings = check.checkStandalone(config("{\"SSL\":true}"), "127.0.0.1",
                List.of(Path.of("/etc/safehouse/tight.pem"), Path.of("/etc/safehouse/loose.pem")));
        assertEquals(List.of(Severity.WARNING), findings.stream().map(Finding::severity).toList());
        assertTrue(findings.get(0).message().startsWith("/etc/safehouse/loose.pem: "), findings.toString());
        assertTrue(findings.get(0).message().contains("rw-r--r--"));
    }

    @Test
    void realPermissionsOfAFile(@TempDir Path dir) throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "secret");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        assertEquals(Optional.of("rw-r-----"), SecuritySelfCheck.filePermissions().readableByOthers(key));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.empty(), SecuritySelfCheck.filePermissions().readableByOthers(key));
    }

    @Test
    void loopbackNames() {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LocalHost", "a.localhost")) {
            assertTrue(SecuritySelfCheck.isLoopback(host), host);
        }
        for (String host : List.of("0.0.0.0", "::", "10.0.0.1", "example.org", "localhost.example.org", "")) {
            assertFalse(SecuritySelfCheck.isLoopback(host), host);
        }
    }

    @Test
    void theShippedExampleIsRefusedAsItIsWithRealArgon2(@TempDir Path dir) throws Exception {
        String example = Files.readString(Path.of("config.json.example"));
        assertTrue(example.contains("\"password\": \"" + SecuritySelfCheck.EXAMPLE_ROOM_PASSWORD + "\""),
                "config.json.example's room password and EXAMPLE_ROOM_PASSWORD must stay equal");
        SafehouseConfig config = LOADER.load(Files.copy(Path.of("config.json.example"), dir.resolve("config.json")));

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SecuritySelfCheck.enforceDeployed(config));
        assertTrue(refused.getMessage().startsWith("Safehouse cannot start: room \"family\" has the password"),
                refused.getMessage());
    }
}
