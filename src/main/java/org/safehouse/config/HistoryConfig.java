package org.safehouse.config;

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
}
