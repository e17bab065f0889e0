package org.safehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.crypto.Argon2PasswordHasher;

/** {@code admin_token} (from the file or {@value AdminConfig#ENVIRONMENT_VARIABLE}) and {@code rooms[].owner_key}. */
class OperatorConfigTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String FINGERPRINT = "ab".repeat(32);

    private static SafehouseConfig parse(String json, Map<String, String> environment) throws ConfigException {
        return new ConfigLoader(new Argon2PasswordHasher(), environment::get)
                .parse(json, "config.json", Path.of("/etc/safehouse"));
    }

    private static String problem(String json, Map<String, String> environment) {
        return assertThrows(ConfigException.class, () -> parse(json, environment)).getMessage();
    }

    @Test
    void withoutATokenTheAdminApiIsOffAndAcceptsNothing() throws Exception {
        AdminConfig admin = parse("{}", Map.of()).admin();
        assertFalse(admin.enabled());
        assertFalse(admin.accepts(""));
        assertFalse(admin.accepts(TOKEN));
    }

    @Test
    void theFilesTokenIsAcceptedExactlyAndNeverPrinted() throws Exception {
        SafehouseConfig config = parse("{\"admin_token\":\"" + TOKEN + "\"}", Map.of());
        assertTrue(config.admin().accepts(TOKEN));
        assertFalse(config.admin().accepts(TOKEN + "0"));
        assertFalse(config.admin().accepts(TOKEN.substring(1)));
        assertFalse(config.admin().accepts(null));
        assertFalse(config.toString().contains(TOKEN), config.toString());
    }

    @Test
    void theEnvironmentVariableOverridesTheFile() throws Exception {
        String fromEnvironment = "Z".repeat(40);
        AdminConfig admin = parse("{\"admin_token\":\"" + TOKEN + "\"}",
                Map.of(AdminConfig.ENVIRONMENT_VARIABLE, fromEnvironment)).admin();
        assertTrue(admin.accepts(fromEnvironment));
        assertFalse(admin.accepts(TOKEN));
    }

    @Test
    void aShortOrSpacedTokenIsRefusedWithTheKeyNamed() {
        assertTrue(problem("{\"admin_token\":\"short\"}", Map.of()).startsWith("config.json: admin_token: must be 32"));
        assertTrue(problem("{}", Map.of(AdminConfig.ENVIRONMENT_VARIABLE, TOKEN + " x"))
                .startsWith(AdminConfig.ENVIRONMENT_VARIABLE + ": must be 32"));
    }

    @Test
    void anOwnerKeyIsKeptInLowercaseAlsoForTheDefaultRoom() throws Exception {
        SafehouseConfig config = parse("{\"rooms\":[{\"name\":\"lobby\",\"owner_key\":\"" + FINGERPRINT.toUpperCase()
                + "\"},{\"name\":\"family\",\"owner_key\":\"" + FINGERPRINT + "\"},{\"name\":\"open\"}]}", Map.of());
        assertEquals(Optional.of(FINGERPRINT), config.rooms().get(0).ownerKey());
        assertEquals(Optional.of(FINGERPRINT), config.rooms().get(1).ownerKey());
        assertEquals(Optional.empty(), config.rooms().get(2).ownerKey());
    }

    @Test
    void anOwnerKeyThatIsNoFingerprintIsRefused() {
        assertTrue(problem("{\"rooms\":[{\"name\":\"family\",\"owner_key\":\"" + "g".repeat(64) + "\"}]}", Map.of())
                .startsWith("config.json: rooms[0].owner_key: must be a key fingerprint"));
        assertTrue(problem("{\"rooms\":[{\"name\":\"family\",\"owner_key\":\"abcd\"}]}", Map.of())
                .contains("rooms[0].owner_key"));
    }
}
