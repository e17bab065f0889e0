package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.config.ConfigLoader;
import org.safehouse.crypto.Argon2PasswordHasher;

/** The user property that bounds Tomcat's blocking control-frame sends (see docs/PERFORMANCE.md). */
class TomcatBlockingSendTimeoutTest {
    private final ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());

    @Test
    void isALongOfTwoSecondsByDefault() {
        // Tomcat reads the property only when it is a Long; an Integer would leave its 20 s default in place.
        Object value = SafehouseRuntime.controlFrameSendMillis(loader.defaults().limits());
        assertEquals(Long.class, value.getClass());
        assertEquals(2_000L, value);
        assertEquals("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", SafehouseRuntime.TOMCAT_BLOCKING_SEND_TIMEOUT);
    }

    @Test
    void neverExceedsTheSendTimeout(@TempDir Path temp) throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{\"limits\": {\"send_timeout_seconds\": 1}}");
        assertEquals(1_000L, SafehouseRuntime.controlFrameSendMillis(loader.load(config).limits()));
    }
}
