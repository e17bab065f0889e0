package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's access from outside the chat: {@code admin_token}, the bearer token of the {@code /admin/} HTTP
 * API. Absent, the API answers 404 to everything. {@link #toString()} hides the token.
 *
 * @param token the admin token; from {@value #ENVIRONMENT_VARIABLE} when set, else from config.json's
 *              {@code admin_token}
 */
public record AdminConfig(Optional<String> token) {
    /** Shortest {@code admin_token} accepted: 32 random characters ({@code openssl rand -hex 32}) resist guessing. */
    public static final int MIN_TOKEN_LENGTH = 32;
    public static final int MAX_TOKEN_LENGTH = 4096;
    /** Environment variable that overrides {@code admin_token}, so the token need not be written in the file. */
    public static final String ENVIRONMENT_VARIABLE = "SAFEHOUSE_ADMIN_TOKEN";
    public static final AdminConfig NONE = new AdminConfig(Optional.empty());

    public AdminConfig {
        Objects.requireNonNull(token, "token");
    }

    /** Whether the admin API is on. */
    public boolean enabled() {
        return token.isPresent();
    }

    /**
     * Whether {@code presented} is the token. Compares SHA-256 digests, which have one length whatever was sent, so
     * the time taken says neither where they differ nor how long the token is.
     */
    public boolean accepts(String presented) {
        if (token.isEmpty() || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(token.get()), sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "AdminConfig[token=" + token.map(t -> "<hidden>") + "]";
    }

    /** The admin key of config.json as written; absent = no admin API. */
    public record Keys(@JsonbProperty("admin_token") String adminToken) {
        public static final Keys DEFAULTS = new Keys(null);
    }

    /** {@code admin_token}, overridden by the environment variable when that is set and not blank. */
    static AdminConfig read(JsonFields top, Function<String, String> environment) throws ConfigException {
        Keys keys = SectionBinder.bind(top, Keys.class, Keys.DEFAULTS);
        String fromEnvironment = environment.apply(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            if (!wellFormed(fromEnvironment)) {
                throw new ConfigException(ENVIRONMENT_VARIABLE + ": " + rule());
            }
            return new AdminConfig(Optional.of(fromEnvironment));
        }
        Optional<String> token = Optional.ofNullable(keys.adminToken()).filter(t -> !t.isEmpty());
        if (token.isPresent() && !wellFormed(token.get())) {
            throw top.problem("admin_token", rule());
        }
        return new AdminConfig(token);
    }

    private static boolean wellFormed(String token) {
        return token.length() >= MIN_TOKEN_LENGTH && token.length() <= MAX_TOKEN_LENGTH
                && token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String rule() {
        return "must be " + MIN_TOKEN_LENGTH + " to " + MAX_TOKEN_LENGTH + " printable ASCII characters without "
                + "spaces, e.g. from: openssl rand -hex 32";
    }
}
