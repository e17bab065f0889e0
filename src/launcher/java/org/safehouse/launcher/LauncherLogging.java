package org.safehouse.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
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
    /** Holds what is logged while the config loads, before its {@code log_format} is known. */
    private static HeldRecords held;

    /**
     * Until {@link #apply}: keeps what is logged (loading the config logs, e.g. which clear passwords it hashed) instead
     * of writing it, so that with {@code log_format: "json"} every line on standard error is JSON.
     */
    static synchronized void holdUntilApplied() {
        Logger root = LogManager.getLogManager().getLogger("");
        held = new HeldRecords(List.of(root.getHandlers()));
        for (Handler handler : held.replaced) {
            root.removeHandler(handler);
        }
        root.addHandler(held);
    }

    /**
     * Puts the format on the root console handler and moves its writing to one thread of its own
     * ({@link AsyncLogHandler}), so that logging threads never queue on standard error.
     */
    static synchronized void apply(MonitoringConfig.LogFormat format) {
        Logger root = LogManager.getLogManager().getLogger("");
        HeldRecords holding = held;
        held = null;
        if (holding != null) {
            root.removeHandler(holding);
            holding.replaced.forEach(root::addHandler);
        }
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
        if (holding != null) {
            for (LogRecord record : holding.records()) {
                for (Handler handler : root.getHandlers()) {
                    handler.publish(record);
                }
            }
        }
    }

    /** Keeps up to {@value #MAX} records (the config's few start-up lines), dropping any beyond. */
    private static final class HeldRecords extends Handler {
        private static final int MAX = 1000;
        private final List<Handler> replaced;
        private final List<LogRecord> records = new ArrayList<>();

        HeldRecords(List<Handler> replaced) {
            this.replaced = replaced;
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (records.size() < MAX) {
                records.add(record);
            }
        }

        synchronized List<LogRecord> records() {
            return new ArrayList<>(records);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
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
