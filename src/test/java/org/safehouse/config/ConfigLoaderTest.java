package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.crypto.Argon2PasswordHasher;

class ConfigLoaderTest {
    final ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());

    SafehouseConfig parse(String json) throws ConfigException {
        return loader.parse(json, "config.json", Path.of("/etc/safehouse"));
    }

    String problem(String json) {
        return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
    }

    @Test
    void noConfigMeansLocalhostAndAPublicLobby() {
        SafehouseConfig config = loader.defaults();
        assertEquals("127.0.0.1", config.host());
        assertEquals(8080, config.port());
        assertEquals("lobby", config.defaultRoom());
        assertEquals(1, config.rooms().size());
        assertInstanceOf(RoomPassword.None.class, config.rooms().get(0).password());
        assertFalse(config.tls().enabled());
        assertEquals(Limits.DEFAULTS, config.limits());
    }

    @Test
    void ragnarokKeysKeepTheirMeaningAndPasswordsAreHashedAtLoad() throws Exception {
        SafehouseConfig config = parse("{\"SSL\":true,\"SSL_Cert\":\"self-signed.crt\",\"SSL_Key\":\"self-signed.pem\","
                + "\"server_ip\":\"0.0.0.0\",\"server_port\":12345,\"server_name\":\"Ks\",\"server_password\":\"963\"}");
        assertEquals(12345, config.port());
        assertEquals("0.0.0.0", config.host());
        assertEquals(Path.of("/etc/safehouse/self-signed.crt"), config.tls().certificate().orElseThrow());
        assertEquals("Ks", config.rooms().get(0).title());
        RoomPassword.Hashed hashed = assertInstanceOf(RoomPassword.Hashed.class, config.rooms().get(0).password());
        assertTrue(hashed.phc().startsWith("$argon2id$v=19$m=19456,t=2,p=1$"));
        assertFalse(hashed.toString().contains("963"));
        assertTrue(new Argon2PasswordHasher().verify(hashed.phc(), "963"));
    }

    @Test
    void emptyServerPasswordMeansAPublicRoomAsInRagnarok() throws Exception {
        assertInstanceOf(RoomPassword.None.class, parse("{\"server_password\":\"\"}").rooms().get(0).password());
    }

    @Test
    void aConfiguredHashIsKeptAndAWeakOneRefused() throws Exception {
        String hash = new Argon2PasswordHasher().hash("pw");
        SafehouseConfig config = parse("{\"rooms\":[{\"name\":\"vault\",\"password_hash\":\"" + hash + "\"}]}");
        assertEquals(new RoomPassword.Hashed(hash), config.rooms().get(1).password());
        String weak = hash.replace("m=19456", "m=1024");
        assertTrue(problem("{\"rooms\":[{\"name\":\"v\",\"password_hash\":\"" + weak + "\"}]}")
                .startsWith("config.json: rooms[0].password_hash: Argon2id parameters below"));
    }

    @Test
    void mistakesNameTheKeyAndTheProblem() {
        assertEquals("config.json: limits.max_text_chars: must be a whole number from 1 to 1000000",
                problem("{\"limits\":{\"max_text_chars\":\"x\"}}"));
        assertEquals("config.json: server_port: must be a whole number from 0 to 65535",
                problem("{\"server_port\":70000}"));
        assertTrue(problem("{\"server_prot\":1}").startsWith("config.json: server_prot: unknown key"));
        assertTrue(problem("{\"limits\":{\"outbound_queue_bytes\":32768}}")
                .startsWith("config.json: limits.outbound_queue_bytes: must be at least 36864"),
                "the queue must hold two messages of max_text_chars characters");
        assertTrue(problem("{\"rooms\":[{\"name\":\"a\"},{\"name\":\"A\"}]}").contains("rooms[1].name"));
        assertTrue(problem("{\"allowed_origins\":[\"*\"]}").startsWith("config.json: allowed_origins: a wildcard"));
        assertTrue(problem("{\"SSL_Cert\":\"c.pem\"}").startsWith("config.json: SSL_Key:"));
        assertTrue(problem("{\"rooms\":[{\"name\":\"a\\u202eb\"}]}").startsWith("config.json: rooms[0].name:"));
        assertTrue(problem("{\"rooms\":[{\"name\":\"a\",\"password\":\"x\",\"password_hash\":\"y\"}]}")
                .contains("not both"));
        assertTrue(problem("[1]").contains("one JSON object"));
        assertTrue(problem("{").startsWith("config.json: not valid JSON"));
    }

    @Test
    void commentKeysAreIgnored() throws Exception {
        assertEquals(9000, parse("{\"_server_port\":\"a note\",\"server_port\":9000}").port());
    }

    @Test
    void theShippedExampleLoadsAndStatesTheDefaults(@TempDir Path dir) throws Exception {
        Path example = Path.of("config.json.example");
        Path copy = Files.copy(example, dir.resolve("config.json"));
        SafehouseConfig config = loader.load(copy);
        assertEquals(Limits.DEFAULTS, config.limits(), "config.json.example must list the default limits");
        assertEquals(ConfigLoader.DEFAULT_PORT, config.port());
        assertEquals(ConfigLoader.DEFAULT_HOST, config.host());
        assertEquals(MonitoringConfig.DEFAULTS, config.monitoring(), "config.json.example states monitoring defaults");
        assertEquals(TlsConfig.DEFAULT_RELOAD_SECONDS, config.tls().reloadSeconds());
    }

    @Test
    void monitoringKeysAreCheckedAndTheTokenNeverShown() throws Exception {
        String token = "0123456789abcdef0123456789abcdef";
        SafehouseConfig config = parse("{\"metrics_allow\":[\"10.0.0.0/8\",\"2001:db8::/32\"],"
                + "\"metrics_token\":\"" + token + "\",\"log_format\":\"json\",\"certificate_reload_seconds\":5}");
        assertEquals("[10.0.0.0/8, 2001:db8:0:0:0:0:0:0/32]", config.monitoring().metricsAllow().toString());
        assertEquals(token, config.monitoring().metricsToken().orElseThrow());
        assertEquals(MonitoringConfig.LogFormat.JSON, config.monitoring().logFormat());
        assertEquals(5, config.tls().reloadSeconds());
        assertFalse(config.toString().contains(token), config.toString());
        assertTrue(problem("{\"metrics_allow\":[\"example.org\"]}").startsWith("config.json: metrics_allow:"));
        assertTrue(problem("{\"metrics_allow\":[\"10.0.0.1/8\"]}").contains("did you mean 10.0.0.0/8"));
        assertTrue(problem("{\"metrics_token\":\"short\"}").startsWith("config.json: metrics_token: must be 24"));
        assertTrue(problem("{\"log_format\":\"xml\"}").startsWith("config.json: log_format:"));
        assertTrue(problem("{\"certificate_reload_seconds\":-1}").startsWith("config.json: certificate_reload_seconds"));
    }
}
