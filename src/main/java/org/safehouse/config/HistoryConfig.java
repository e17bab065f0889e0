package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where room history lives: in memory only (the private default: nothing on disk, gone on restart), or also in an
 * SQLite file, so a restart loses no acknowledged message. The count and age limits are in {@link Limits}.
 *
 * @param file the SQLite file when history is durable ({@code history_storage: "sqlite"})
 */
public record HistoryConfig(Optional<Path> file) {
    public static final HistoryConfig MEMORY = new HistoryConfig(Optional.empty());
    public static final String DEFAULT_FILE = "history.db";

    public boolean durable() {
        return file.isPresent();
    }

    /** The history keys of config.json as written, with their checks; absent keys take {@link #DEFAULTS}' values. */
    public record Keys(
            @JsonbProperty("history_storage") @TextLength(min = 1, max = 16) String storage,
            @JsonbProperty("history_file") String file) {
        public static final Keys DEFAULTS = new Keys("memory", DEFAULT_FILE);
    }

    /** {@code history_storage}: "memory" (default) or "sqlite"; {@code history_file} relative to data_dir. */
    static HistoryConfig read(JsonFields top, TlsConfig tls) throws ConfigException {
        Keys keys = SectionBinder.bind(top, Keys.class, Keys.DEFAULTS);
        switch (keys.storage()) {
            case "memory":
                if (top.value("history_file") != null) {
                    throw top.problem("history_file", "is only used with history_storage \"sqlite\"");
                }
                return HistoryConfig.MEMORY;
            case "sqlite":
                return new HistoryConfig(Optional.of(tls.dataDirectory()
                        .resolve(keys.file()).toAbsolutePath().normalize()));
            default:
                throw top.problem("history_storage", "must be \"memory\" or \"sqlite\"");
        }
    }
}
