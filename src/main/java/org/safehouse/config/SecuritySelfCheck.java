package org.safehouse.config;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.crypto.FilePermissions;
import org.safehouse.crypto.SubjectAlternativeNames;

/**
 * The start-up security self-check: what in a loaded configuration would make running unsafe (then start-up is
 * refused) or is probably a mistake (then a loud warning). Run by the {@code java -jar} launcher with what it knows
 * about the listener ({@link #checkStandalone}), and by the web application when a container deploys it
 * ({@link #checkDeployed}: the container owns listeners and TLS, so only the configuration's own rules apply).
 *
 * <p>Findings:
 * <ol>
 * <li>REFUSAL: a room password (including {@code server_password}) equal to {@value #EXAMPLE_ROOM_PASSWORD}, the
 * password of config.json.example's example room: whoever read the example could join. Checked by verifying each
 * room's Argon2id hash, so a clear password, a hash of it and the default room all count.
 * <li>REFUSAL: an {@code allowed_origins} entry containing {@code *} (the loader refuses these too; checked again
 * here because the loader is not the only way to build a configuration).
 * <li>WARNING ({@code java -jar} only): listening beyond loopback without TLS: chat and passwords (and the admin
 * token, when the admin API is on) cross the network readable by anyone on the path.
 * <li>WARNING ({@code java -jar} only): a private key file (PEM key, PKCS12 keystore or the generated key) readable
 * by group or others.
 * </ol>
 *
 * <p>Sans-IO: the file permission question is a function given to the constructor, so tests need no files.
 * Thread-safe and stateless apart from what it is given. Each password check costs one Argon2id verification
 * (tens of milliseconds, about 19 MiB), once per configured room with a password.
 */
public final class SecuritySelfCheck {
    /** The room password in config.json.example; {@code SecuritySelfCheckTest} keeps the two equal. */
    public static final String EXAMPLE_ROOM_PASSWORD = "change me";

    private static final System.Logger LOG = System.getLogger(SecuritySelfCheck.class.getName());

    /** How bad a finding is. */
    public enum Severity {
        /** Start anyway, but say so loudly. */
        WARNING,
        /** Do not start. */
        REFUSAL
    }

    /** One thing the check found; {@code message} is for the person running the server. */
    public record Finding(Severity severity, String message) {
        public Finding {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Answers whether a private key file may be read by other users, and describes its permissions if so. */
    @FunctionalInterface
    public interface KeyFilePermissions {
        /** @return the permissions in {@code ls -l} form when group or others may read {@code file}, else empty */
        Optional<String> readableByOthers(Path file) throws IOException;
    }

    private final BiPredicate<String, String> passwordMatchesHash;
    private final KeyFilePermissions keyFiles;

    /**
     * @param passwordMatchesHash (phc hash, clear password) to whether they match; normally
     *                            {@link Argon2PasswordHasher#verify}
     * @param keyFiles            the permission question; normally {@link #filePermissions()}
     */
    public SecuritySelfCheck(BiPredicate<String, String> passwordMatchesHash, KeyFilePermissions keyFiles) {
        this.passwordMatchesHash = Objects.requireNonNull(passwordMatchesHash, "passwordMatchesHash");
        this.keyFiles = Objects.requireNonNull(keyFiles, "keyFiles");
    }

    /** The check with Argon2id verification and the file system's POSIX permissions. */
    public static SecuritySelfCheck standard() {
        Argon2PasswordHasher hasher = new Argon2PasswordHasher();
        return new SecuritySelfCheck(hasher::verify, filePermissions());
    }

    /** POSIX permissions through {@link FilePermissions}; never a finding where POSIX permissions are unsupported. */
    public static KeyFilePermissions filePermissions() {
        return file -> FilePermissions.isReadableByGroupOrOthers(file)
                ? FilePermissions.describe(file) : Optional.empty();
    }

    /**
     * The findings for {@code java -jar}.
     *
     * @param listenHost      the address the server will listen on (after command-line overrides)
     * @param privateKeyFiles the key files TLS will read (PEM key, keystore, or the generated key); empty without TLS
     */
    public List<Finding> checkStandalone(SafehouseConfig config, String listenHost, List<Path> privateKeyFiles) {
        List<Finding> findings = checkDeployed(config);
        if (!config.tls().enabled() && !isLoopback(listenHost)) {
            findings.add(new Finding(Severity.WARNING, "listening on " + listenHost + ", beyond this machine, "
                    + "WITHOUT TLS: messages and room passwords" + (config.admin().enabled()
                    ? ", and the admin_token of every /admin/ request," : "")
                    + " cross the network readable by anyone on the way. "
                    + "Set \"SSL\": true (a certificate is generated on first start), or listen on 127.0.0.1 "
                    + "behind a TLS-terminating proxy."));
        }
        for (Path file : privateKeyFiles) {
            try {
                Optional<String> permissions = keyFiles.readableByOthers(file);
                permissions.ifPresent(p -> findings.add(new Finding(Severity.WARNING, file.toAbsolutePath()
                        + ": this private key file is readable by other users of this machine (" + p
                        + "); make it owner-only: chmod 600 " + file.toAbsolutePath())));
            } catch (IOException e) {
                // a missing or unreadable key file is reported, naming the file, when TLS loads it
            }
        }
        return findings;
    }

    /** The findings that apply whatever runs the web application (a container or {@code java -jar}). */
    public List<Finding> checkDeployed(SafehouseConfig config) {
        List<Finding> findings = new ArrayList<>();
        for (RoomConfig room : config.rooms()) {
            if (room.password() instanceof RoomPassword.Hashed hashed
                    && passwordMatchesHash.test(hashed.phc(), EXAMPLE_ROOM_PASSWORD)) {
                String key = room.name().equals(config.defaultRoom()) ? " (the default room: server_password, "
                        + "or its entry in rooms)" : "";
                findings.add(new Finding(Severity.REFUSAL, "room \"" + room.name() + "\"" + key
                        + " has the password \"" + EXAMPLE_ROOM_PASSWORD + "\" copied from config.json.example, "
                        + "which anyone can read: choose a password of your own or remove the room"));
            }
        }
        for (String origin : config.allowedOrigins()) {
            if (origin.contains("*")) {
                findings.add(new Finding(Severity.REFUSAL, "allowed_origins contains the wildcard \"" + origin
                        + "\", which would let any web page use your server: list exact origins such as "
                        + "https://chat.example.org"));
            }
        }
        return findings;
    }

    /**
     * The one call a container deployment makes: runs {@link #checkDeployed} with {@link #standard()}, logs each
     * warning at WARNING, and throws if anything is refused.
     *
     * @throws IllegalStateException naming every refusal; the deployment must fail
     */
    public static void enforceDeployed(SafehouseConfig config) {
        List<Finding> findings = standard().checkDeployed(config);
        List<String> refusals = new ArrayList<>();
        for (Finding finding : findings) {
            if (finding.severity() == Severity.REFUSAL) {
                refusals.add(finding.message());
                LOG.log(Level.ERROR, "Safehouse security self-check refuses to start: " + finding.message());
            } else {
                LOG.log(Level.WARNING, "Safehouse security self-check: " + finding.message());
            }
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException("Safehouse cannot start: " + String.join("; ", refusals));
        }
    }

    /**
     * Whether {@code host} only reaches this machine: {@code localhost} (and names under {@code .localhost}) or a
     * loopback IP literal. Any other name counts as beyond loopback (no lookup is made); so do {@code 0.0.0.0} and
     * {@code ::}, which listen on every interface.
     */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false; // Jetty listens on every interface when no host is given
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        if (!SubjectAlternativeNames.isIpAddress(name)) {
            return false;
        }
        try {
            String bare = name.startsWith("[") ? name.substring(1, name.length() - 1) : name;
            return InetAddress.getByName(bare).isLoopbackAddress(); // an IP literal: no lookup happens
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
