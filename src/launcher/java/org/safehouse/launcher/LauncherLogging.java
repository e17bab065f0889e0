package org.safehouse.launcher;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.safehouse.config.MonitoringConfig;

/**
 * Logging under {@code java -jar}: Safehouse's System.Logger events and Jetty's SLF4J events (slf4j-jdk14) all reach
 * java.util.logging's root console handler, on standard error. The text format is set by {@link Main}; with
 * {@code log_format: "json"} this puts a {@link JsonLineFormatter} on that handler instead. The few start-up lines
 * meant for a person (where it listens, the certificate fingerprint) stay plain text on standard output.
 */
final class LauncherLogging {
    private LauncherLogging() {
    }

    static void apply(MonitoringConfig.LogFormat format) {
        if (format != MonitoringConfig.LogFormat.JSON) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            handler.setFormatter(new JsonLineFormatter());
        }
    }
}
