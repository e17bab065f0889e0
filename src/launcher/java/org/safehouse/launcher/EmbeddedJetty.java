package org.safehouse.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SecuredRedirectHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.safehouse.app.SafehouseBootstrap;
import org.safehouse.config.BuildInfo;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.MonitoringConfig;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.config.SecuritySelfCheck;
import org.safehouse.config.TlsConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.crypto.TlsMaterialException;

/**
 * Starts the unpacked WAR on an embedded Jetty 12 (ee10) server. Called reflectively by {@link Main}.
 *
 * <p>Order of start-up: options, config, the TLS material (which prints its fingerprint), the security self-check,
 * then the server. Anything the person running it must fix ends the process through {@link LauncherExit}: one line
 * on standard error naming the file or key, no stack trace.
 */
public final class EmbeddedJetty {
    /** Context parameter that tells the webapp which file --config named (see app.ConfigLocator). */
    private static final String COMMAND_LINE_CONFIG = "safehouse.config.commandLine";
    private static final String ENV = "SAFEHOUSE_CONFIG";

    private EmbeddedJetty() {
    }

    /** Runs the command line; returns the exit status once the server has stopped (or the command is done). */
    public static int run(String[] args, Path webapp) throws Exception {
        try {
            start(args, webapp);
            return 0;
        } catch (LauncherExit exit) {
            LauncherLogging.drain(); // what the server logged comes before the reason it stopped
            System.err.println("safehouse: " + exit.getMessage());
            return exit.status();
        } finally {
            LauncherLogging.drain();
        }
    }

    private static void start(String[] args, Path webapp) throws Exception {
        if (args.length > 0 && args[0].equals("admin")) {
            LauncherLogging.holdUntilApplied();
            LauncherLogging.apply(MonitoringConfig.LogFormat.TEXT);
            AdminCommand.run(List.of(args).subList(1, args.length),
                    Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isBlank()).map(Path::of));
            return;
        }
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            throw new LauncherExit(2, e.getMessage());
        }
        if (options.help()) {
            System.out.print(LauncherOptions.USAGE);
            return;
        }
        if (options.version()) {
            System.out.println("Safehouse " + BuildInfo.current().describe());
            return;
        }
        if (options.hashPassword()) {
            printHash();
            return;
        }
        if (options.checkConfig().isPresent()) {
            checkConfig(options.checkConfig().get());
            return;
        }
        Optional<Path> configFile = options.config()
                .or(() -> Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isBlank()).map(Path::of));
        SafehouseConfig config;
        LauncherLogging.holdUntilApplied(); // the format is the config's: what loading it logs waits for it
        try {
            ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());
            config = configFile.isPresent() ? loader.load(configFile.get()) : loader.defaults();
        } catch (ConfigException e) {
            LauncherLogging.apply(MonitoringConfig.LogFormat.TEXT);
            throw new LauncherExit(2, "cannot start: " + e.getMessage());
        }
        LauncherLogging.apply(config.monitoring().logFormat());
        String host = options.host().orElse(config.host());
        int port = options.port().orElse(config.port());
        TlsConfig tls = config.tls();
        if (options.printFingerprint()) {
            printFingerprint(tls);
            return;
        }
        if (options.replaceCertificate()) {
            replaceCertificate(tls, host);
            return;
        }

        TlsMaterial material = tls.enabled() ? tlsMaterial(tls, host) : null;
        selfCheck(config, host);

        Server server = new Server(new QueuedThreadPool(200, 8, 60_000));
        ServerConnector connector = material == null ? JettyConnectors.plain(server, config)
                : JettyConnectors.secure(server, config, material);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServerConnector redirecting = null;
        if (material != null && tls.httpRedirect()) {
            redirecting = JettyConnectors.redirecting(server);
            redirecting.setHost(host);
            redirecting.setPort(tls.httpPort());
            server.addConnector(redirecting);
        }

        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setWar(webapp.toString());
        context.setExtractWAR(false);
        context.setThrowUnavailableOnStartupException(true);
        // Nothing to scan: endpoints and listeners are declared in web.xml and registered programmatically.
        context.setAttribute("org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern", "^$");
        context.setAttribute("org.eclipse.jetty.server.webapp.ContainerIncludeJarPattern", "^$");
        configFile.ifPresent(file -> context.setInitParameter(COMMAND_LINE_CONFIG, file.toAbsolutePath().toString()));
        // Config is read once per start: the webapp takes the config loaded above (its passwords already hashed with
        // Argon2id) instead of reading the file again. Parent-first loading makes it see our classes, not a second
        // copy of them: this class loader already holds WEB-INF/classes and WEB-INF/lib.
        context.setParentLoaderPriority(true);
        context.setAttribute(SafehouseBootstrap.LOADED_CONFIG, config);
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        // Passes secure requests through; answers every plain one (only the redirecting connector has them).
        server.setHandler(redirecting == null ? context : new SecuredRedirectHandler(context));
        server.setStopAtShutdown(true);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw new LauncherExit(1, "cannot start: " + describe(e));
        }
        if (redirecting != null) {
            JettyConnectors.pointRedirectsAt(redirecting, connector.getLocalPort()); // known now, even for port 0
            System.out.println("Plain HTTP on http://" + displayHost(host) + ":" + redirecting.getLocalPort()
                    + "/ redirects to HTTPS");
        }
        if (material != null) {
            CertificateReloader.startIfConfigured(tls, connector, material);
        }
        String scheme = material != null ? "https" : "http";
        System.out.println("Safehouse listening on " + scheme + "://" + displayHost(host) + ":"
                + connector.getLocalPort() + "/");
        config.publicUrl().ifPresent(url -> System.out.println("Public address (public_url): " + url));
        server.join();
    }

    /** Loads or generates the certificate, prints where it came from and its fingerprint. */
    private static TlsMaterial tlsMaterial(TlsConfig tls, String host) throws LauncherExit {
        TlsMaterial material;
        try {
            material = LauncherTls.loadOrCreate(tls, host);
        } catch (TlsMaterialException e) {
            throw new LauncherExit(2, "cannot start: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LauncherExit(2, "cannot start: cannot generate a certificate for \"" + host + "\": "
                    + e.getMessage());
        }
        System.out.println("TLS: " + LauncherTls.source(tls));
        System.out.println("TLS certificate SHA-256 fingerprint: " + material.fingerprint());
        String mismatch = LauncherTls.nameMismatch(material, host, tls);
        if (mismatch != null) {
            System.err.println("safehouse: WARNING: " + mismatch);
        }
        return material;
    }

    /** Prints warnings loudly on standard error; refuses to start on any refusal. */
    private static void selfCheck(SafehouseConfig config, String host) throws LauncherExit {
        List<String> refusals = new ArrayList<>();
        for (SecuritySelfCheck.Finding finding : SecuritySelfCheck.standard()
                .checkStandalone(config, host, LauncherTls.privateKeyFiles(config.tls()))) {
            if (finding.severity() == SecuritySelfCheck.Severity.REFUSAL) {
                refusals.add(finding.message());
            } else {
                System.err.println("safehouse: WARNING: " + finding.message());
            }
        }
        if (!refusals.isEmpty()) {
            throw new LauncherExit(2, "cannot start, the security self-check refuses: " + String.join("; ", refusals));
        }
    }

    private static void printFingerprint(TlsConfig tls) throws LauncherExit {
        TlsMaterial material;
        try {
            material = LauncherTls.loadExisting(tls);
        } catch (TlsMaterialException e) {
            throw new LauncherExit(2, e.getMessage());
        }
        if (!tls.enabled()) {
            System.err.println("safehouse: note: SSL is off in this config; this is the certificate it would use");
        }
        System.err.println("TLS: " + LauncherTls.source(tls));
        System.out.println(material.fingerprint());
    }

    private static void replaceCertificate(TlsConfig tls, String host) throws LauncherExit {
        if (!tls.selfSigned()) {
            throw new LauncherExit(2, "the config names its own certificate (" + LauncherTls.source(tls)
                    + "); --replace-certificate only replaces the self-signed certificate in data_dir");
        }
        TlsMaterial material;
        try {
            material = LauncherTls.replaceSelfSigned(tls, host);
        } catch (TlsMaterialException e) {
            throw new LauncherExit(2, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new LauncherExit(2, "cannot generate a certificate for \"" + host + "\": " + e.getMessage());
        }
        System.err.println("New self-signed certificate in " + tls.dataDirectory()
                + "; restart Safehouse to serve it. SHA-256 fingerprint:");
        System.out.println(material.fingerprint());
    }

    /**
     * Loads {@code file} as a start would (every key, type and range, room passwords hashed) and runs the security
     * self-check; prints {@code ok} or ends with status 2 and a line naming the key.
     */
    private static void checkConfig(Path file) throws LauncherExit {
        SafehouseConfig config;
        try {
            config = new ConfigLoader(new Argon2PasswordHasher()).load(file);
        } catch (ConfigException e) {
            throw new LauncherExit(2, e.getMessage());
        }
        try {
            selfCheck(config, config.host());
        } catch (LauncherExit refused) {
            throw new LauncherExit(2, file + ": " + refused.getMessage());
        }
        System.out.println("ok: " + file);
    }

    private static void printHash() throws IOException, LauncherExit {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null || password.isEmpty()) {
            throw new LauncherExit(2, "no password on standard input");
        }
        System.out.println(new Argon2PasswordHasher().hash(password));
    }

    /** The message of each cause, outermost first: start-up failures are wrapped by the container. */
    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null && text.length() < 2000; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(": ");
            }
            text.append(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }

    private static String displayHost(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
