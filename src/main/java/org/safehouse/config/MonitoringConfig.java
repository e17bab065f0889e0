package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may read {@code /metrics} and how log lines look: {@code metrics_allow}, {@code metrics_token},
 * {@code log_format}. {@link #toString()} hides the token.
 *
 * @param metricsAllow addresses (besides loopback) whose direct requests may read {@code /metrics}; none by default
 * @param metricsToken a bearer token that lets any client read {@code /metrics}; none by default
 * @param logFormat    {@link LogFormat#TEXT} (one line per event, as always) or {@link LogFormat#JSON}
 */
public record MonitoringConfig(List<AddressRange> metricsAllow, Optional<String> metricsToken, LogFormat logFormat) {
    /** Shortest {@code metrics_token} accepted: guessing 24 random characters is out of reach. */
    public static final int MIN_TOKEN_LENGTH = 24;
    public static final MonitoringConfig DEFAULTS = new MonitoringConfig(List.of(), Optional.empty(), LogFormat.TEXT);

    public MonitoringConfig {
        metricsAllow = List.copyOf(metricsAllow);
        Objects.requireNonNull(metricsToken, "metricsToken");
        Objects.requireNonNull(logFormat, "logFormat");
    }

    /** How each log line is written. */
    public enum LogFormat {
        /** {@code 2026-12-04 16:00:00.123:INFO :org.safehouse...: message addr=...}: the format of earlier versions. */
        TEXT,
        /** One JSON object a line: time, level, logger, message, and fields such as addr and room. */
        JSON
    }

    @Override
    public String toString() {
        return "MonitoringConfig[metricsAllow=" + metricsAllow + ", metricsToken="
                + metricsToken.map(t -> "<hidden>") + ", logFormat=" + logFormat + "]";
    }

    /** The monitoring keys of config.json as written, with their checks; absent keys take {@link #DEFAULTS}' values. */
    public record Keys(
            @JsonbProperty("metrics_allow") List<String> metricsAllow,
            @JsonbProperty("metrics_token") String metricsToken,
            @JsonbProperty("log_format") @TextLength(min = 1, max = 16) String logFormat) {
        public static final Keys DEFAULTS = new Keys(List.of(), null, "text");
    }

    /** {@code metrics_allow} (CIDR blocks), {@code metrics_token} (long enough to resist guessing), {@code log_format}. */
    static MonitoringConfig read(JsonFields top) throws ConfigException {
        Keys keys = SectionBinder.bind(top, Keys.class, Keys.DEFAULTS);
        List<AddressRange> allow = top.addressRanges("metrics_allow");
        Optional<String> token = Optional.ofNullable(keys.metricsToken()).filter(t -> !t.isEmpty());
        if (token.isPresent() && (token.get().length() < MonitoringConfig.MIN_TOKEN_LENGTH
                || token.get().length() > 4096 || !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw top.problem("metrics_token", "must be " + MonitoringConfig.MIN_TOKEN_LENGTH + " to 4096 printable "
                    + "ASCII characters without spaces, e.g. from: openssl rand -hex 32");
        }
        MonitoringConfig.LogFormat format = switch (keys.logFormat()) {
            case "text" -> MonitoringConfig.LogFormat.TEXT;
            case "json" -> MonitoringConfig.LogFormat.JSON;
            default -> throw top.problem("log_format", "must be \"text\" or \"json\"");
        };
        return new MonitoringConfig(allow, token, format);
    }
}
