package org.safehouse.launcher;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.safehouse.config.MonitoringConfig;

/**
 * Logging under {@code java -jar}: Safehouse's System.Logger events and Jetty's SLF4J events (slf4j-jdk14) all reach
 * java.util.logging's root handler, on standard error, written by one thread of its own ({@link AsyncLogHandler}).
 * The text format is set by {@link Main}; with {@code log_format: "json"} this puts a {@link JsonLineFormatter} there
 * instead. The few start-up lines
 * meant for a person (where it listens, the certificate fingerprint) stay plain text on standard output.
 */
final class LauncherLogging {
    private LauncherLogging() {
    }

    private static volatile AsyncLogHandler async;

    /**
     * Puts the format on the root console handler and moves its writing to one thread of its own
     * ({@link AsyncLogHandler}), so that logging threads never queue on standard error.
     */
    static void apply(MonitoringConfig.LogFormat format) {
        Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler console) {
                Formatter formatter = format == MonitoringConfig.LogFormat.JSON ? new JsonLineFormatter()
                        : console.getFormatter();
                AsyncLogHandler replacement = new AsyncLogHandler(System.err, formatter, console.getLevel());
                root.addHandler(replacement);
                root.removeHandler(console);
                async = replacement;
            } else if (format == MonitoringConfig.LogFormat.JSON) {
                handler.setFormatter(new JsonLineFormatter());
            }
        }
    }

    /** Writes every line still queued; call when the server has stopped. */
    static void drain() {
        AsyncLogHandler handler = async;
        if (handler != null) {
            handler.close();
        }
    }
}
