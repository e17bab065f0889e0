package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A room declared in config.json; such rooms exist from start-up and never disappear.
 *
 * @param ownerKey the fingerprint of the identity key that owns the room ({@code owner_key}: lowercase hex SHA-256
 *                 of the signing key, as {@code crypto.IdentityKeys.fingerprint} derives it); empty: only the
 *                 operator acts on it as owner
 */
public record RoomConfig(String name, String title, RoomPassword password, OptionalInt maxMembers,
                         boolean requireEncryption, Optional<String> ownerKey) {
    /** What an {@code owner_key} looks like: 64 hex digits (written in either case, kept in lowercase). */
    public static final Pattern FINGERPRINT = Pattern.compile("[0-9a-fA-F]{64}");

    public RoomConfig {
        java.util.Objects.requireNonNull(ownerKey, "ownerKey");
    }

    /** A room without an owner key. */
    public RoomConfig(String name, String title, RoomPassword password, OptionalInt maxMembers,
                      boolean requireEncryption) {
        this(name, title, password, maxMembers, requireEncryption, Optional.empty());
    }

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
            @JsonbProperty("require_encryption") Boolean requireEncryption,
            @JsonbProperty("owner_key") @TextLength(min = 64, max = 64) String ownerKey) {
        public static final Keys DEFAULTS = new Keys(null, null, null, null, 0, false, null);
    }
}
