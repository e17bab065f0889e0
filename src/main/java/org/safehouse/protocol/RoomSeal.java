package org.safehouse.protocol;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sealed room tells a page so that it can derive the room key and the join verifier from the password: the
 * KDF's salt (base64 of {@value #SALT_BYTES} bytes) and the KDF's name ({@value #KDF_ARGON2ID_V1}, which fixes every
 * parameter; docs/PROTOCOL.md, "Sealed rooms"). Public by design: it is sent before the password is checked.
 */
public record RoomSeal(String salt, String kdf) {
    /** Argon2id, m = 65536 KiB, t = 3, p = 1, 32 bytes; then HKDF-SHA-256 for the room key and the verifier. */
    public static final String KDF_ARGON2ID_V1 = "argon2id-v1";
    public static final int SALT_BYTES = 16;

    public RoomSeal {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(kdf, "kdf");
    }

    /** Why a seal given by a client cannot be used, or empty when it can. */
    public static Optional<String> problem(String salt, String kdf) {
        if (!KDF_ARGON2ID_V1.equals(kdf)) {
            return Optional.of("kdf must be " + KDF_ARGON2ID_V1);
        }
        return saltProblem(salt);
    }

    /** Why a salt is not base64 of exactly {@value #SALT_BYTES} bytes, or empty when it is. */
    public static Optional<String> saltProblem(String salt) {
        if (salt.length() > 32) {
            return Optional.of("salt must be base64 of " + SALT_BYTES + " bytes");
        }
        try {
            if (Base64.getDecoder().decode(salt).length == SALT_BYTES) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        return Optional.of("salt must be base64 of " + SALT_BYTES + " bytes");
    }
}
