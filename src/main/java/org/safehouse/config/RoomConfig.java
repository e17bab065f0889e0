package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.OptionalInt;

/** A room declared in config.json; such rooms exist from start-up and never disappear. */
public record RoomConfig(String name, String title, RoomPassword password, OptionalInt maxMembers,
                         boolean requireEncryption) {

    /**
     * One entry of {@code rooms} as written, with its checks; absent keys take {@link #DEFAULTS}' values, and the
     * title defaults to the name. {@code name} is required; {@code password} and {@code password_hash} exclude each
     * other.
     */
    public record Keys(
            @JsonbProperty("name") String name,
            @JsonbProperty("title") @TextLength(min = 1, max = 128) String title,
            @JsonbProperty("password") String password,
            @JsonbProperty("password_hash") String passwordHash,
            @JsonbProperty("max_members") @WholeNumber(min = 0, max = 10_000_000) Integer maxMembers,
            @JsonbProperty("require_encryption") Boolean requireEncryption) {
        public static final Keys DEFAULTS = new Keys(null, null, null, null, 0, false);
    }
}
