package org.safehouse.launcher;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.crypto.CertificateFingerprint;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterial;
import org.safehouse.crypto.TlsMaterialException;

/** Starts the unpacked WAR on an embedded Jetty 12 (ee10) server. Called reflectively by {@link Main}. */
public final class EmbeddedJetty {
    /** Context parameter that tells the webapp which file --config named (see transport.ConfigLocator). */
    private static final String COMMAND_LINE_CONFIG = "safehouse.config.commandLine";
    private static final String ENV = "SAFEHOUSE_CONFIG";

    private EmbeddedJetty() {
    }

    public static void run(String[] args, Path webapp) throws Exception {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("safehouse: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(LauncherOptions.USAGE);
            return;
        }
        if (options.hashPassword()) {
            printHash();
            return;
        }
        Optional<Path> configFile = options.config()
                .or(() -> Optional.ofNullable(System.getenv(ENV)).filter(s -> !s.isBlank()).map(Path::of));
        SafehouseConfig config;
        try {
            ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());
            config = configFile.isPresent() ? loader.load(configFile.get()) : loader.defaults();
        } catch (ConfigException e) {
            System.err.println("safehouse: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        String host = options.host().orElse(config.host());
        int port = options.port().orElse(config.port());

        Server server = new Server(new QueuedThreadPool(200, 8, 60_000));
        ServerConnector connector = connector(server, config, host);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setWar(webapp.toString());
        context.setExtractWAR(false);
        context.setThrowUnavailableOnStartupException(true);
        // Nothing to scan: endpoints and listeners are declared in web.xml and registered programmatically.
        context.setAttribute("org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern", "^$");
        context.setAttribute("org.eclipse.jetty.server.webapp.ContainerIncludeJarPattern", "^$");
        configFile.ifPresent(file -> context.setInitParameter(COMMAND_LINE_CONFIG, file.toAbsolutePath().toString()));
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        server.setHandler(context);
        server.setStopAtShutdown(true);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("safehouse: cannot start: " + describe(e));
            server.stop();
            System.exit(1);
            return;
        }
        String scheme = config.tls().enabled() ? "https" : "http";
        System.out.println("Safehouse listening on " + scheme + "://" + displayHost(host) + ":"
                + connector.getLocalPort() + "/");
        server.join();
    }

    private static ServerConnector connector(Server server, SafehouseConfig config, String host)
            throws TlsMaterialException {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        if (!config.tls().enabled()) {
            return new ServerConnector(server, new HttpConnectionFactory(http));
        }
        TlsMaterial material;
        if (config.tls().certificate().isPresent()) {
            material = TlsMaterial.fromPem(config.tls().certificate().get(), config.tls().privateKey().get());
        } else {
            SelfSignedCertificateStore store = new SelfSignedCertificateStore(Path.of("safehouse-data"));
            material = store.loadOrCreate(host);
            System.out.println("Using the self-signed certificate in " + store.directory().toAbsolutePath());
        }
        System.out.println("TLS certificate SHA-256 fingerprint: "
                + CertificateFingerprint.sha256(material.certificate()));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(material.keyStore());
        tls.setKeyStorePassword(new String(material.keyStorePassword()));
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        http.addCustomizer(new SecureRequestCustomizer());
        http.setSecureScheme("https");
        return new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    }

    private static void printHash() throws java.io.IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null || password.isEmpty()) {
            System.err.println("safehouse: no password on standard input");
            System.exit(2);
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
