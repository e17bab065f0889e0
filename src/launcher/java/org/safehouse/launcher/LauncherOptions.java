package org.safehouse.launcher;

import java.nio.file.Path;
import java.util.Optional;

/** The command line of {@code java -jar safehouse.war}. Immutable; {@link #parse} explains what it refuses. */
record LauncherOptions(Optional<Path> config, Optional<String> host, Optional<Integer> port, boolean help,
                       boolean version, Optional<Path> checkConfig, boolean hashPassword, boolean printFingerprint,
                       boolean replaceCertificate) {

    static final String USAGE = """
            Usage: java -jar safehouse.war [options]

            Starts the Safehouse chat server on embedded Jetty. With no options it listens on
            http://127.0.0.1:8080/ with one public room, "lobby".

            Options:
              --config FILE     read settings from FILE (JSON; see config.json.example). Without it, the
                                SAFEHOUSE_CONFIG environment variable names the file; without that, defaults.
              --host ADDRESS    listen on ADDRESS instead of the config's server_ip (default 127.0.0.1).
                                Use 0.0.0.0 to listen on every interface (then turn SSL on).
              --port PORT       listen on PORT instead of the config's server_port (default 8080; 0 = any free port).
              --version         print the version and the git commit it was built from; then exit.
              --check-config FILE
                                check FILE as a start would (keys, types, ranges, the security
                                self-check) without starting; print "ok: FILE" and exit 0, or name
                                the offending key and exit 2.
              --hash-password   read a password from standard input and print its Argon2id hash, for the
                                password_hash key of a room in config.json; then exit.
              --print-fingerprint
                                print the SHA-256 fingerprint of the TLS certificate the config uses (SSL_Cert,
                                SSL_Keystore, or the self-signed one in data_dir), to compare with what a
                                browser shows; then exit.
              --replace-certificate
                                generate a new self-signed certificate in data_dir (for --host, or the
                                config's server_ip, plus localhost and 127.0.0.1), print its fingerprint and
                                exit. Restart the server to use it; browsers will warn once more.
              --help            print this text and exit.
              admin ...         the operator's commands on a stopped server's data dir (rooms, members,
                                delete-room, ban-address, unban-address, bans, rotate-password); see
                                java -jar safehouse.war admin --help and README, Operating a server.

            TLS: with "SSL": true and no SSL_Cert or SSL_Keystore, the first start generates a self-signed
            certificate into data_dir (default safehouse-data next to the config file) and every later start
            reuses it. Only TLS 1.2 and 1.3 with forward-secret AEAD cipher suites are offered, HTTPS responses
            carry HSTS, and plain HTTP is off unless http_redirect and http_port are set (then it redirects).
            A missing, mismatched or expired certificate or key stops start-up with a message naming the file.

            Stopping: SIGTERM (systemctl stop, docker stop) closes every client with 1001 (going away),
            stores what the history keeps, and exits with 0 within 10 seconds. The WAR is unpacked into a
            new directory only this user can read ($XDG_RUNTIME_DIR, else java.io.tmpdir), removed on exit.

            Exit status: 0 on success (and after SIGTERM), 2 when the command line, the config or a
            certificate file needs fixing, or the security self-check refuses the config; 1 when the server
            fails to start (including when the WAR cannot be unpacked).
            """;

    static LauncherOptions parse(String[] args) {
        Optional<Path> config = Optional.empty();
        Optional<String> host = Optional.empty();
        Optional<Integer> port = Optional.empty();
        boolean help = false;
        boolean version = false;
        Optional<Path> checkConfig = Optional.empty();
        boolean hashPassword = false;
        boolean printFingerprint = false;
        boolean replaceCertificate = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--check-config" -> checkConfig = Optional.of(Path.of(value(args, ++i, arg)));
                case "--hash-password" -> hashPassword = true;
                case "--print-fingerprint" -> printFingerprint = true;
                case "--replace-certificate" -> replaceCertificate = true;
                case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
                case "--host" -> host = Optional.of(value(args, ++i, arg));
                case "--port" -> port = Optional.of(portNumber(value(args, ++i, arg)));
                default -> throw new IllegalArgumentException("unknown option " + arg + " (try --help)");
            }
        }
        int actions = (version ? 1 : 0) + (checkConfig.isPresent() ? 1 : 0) + (hashPassword ? 1 : 0)
                + (printFingerprint ? 1 : 0) + (replaceCertificate ? 1 : 0);
        if (actions > 1 && !help) {
            throw new IllegalArgumentException("--version, --check-config, --hash-password, --print-fingerprint and "
                    + "--replace-certificate each run alone (try --help)");
        }
        return new LauncherOptions(config, host, port, help, version, checkConfig, hashPassword, printFingerprint,
                replaceCertificate);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value (try --help)");
        }
        return args[index];
    }

    private static int portNumber(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535, not \"" + text + "\"");
    }
}
