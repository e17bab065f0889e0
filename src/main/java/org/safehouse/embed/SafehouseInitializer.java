package org.safehouse.embed;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.safehouse.app.SafehouseBootstrap;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.transport.HandshakeAddressFilter;
import org.safehouse.transport.HealthServlet;
import org.safehouse.transport.SecurityHeadersFilter;

/**
 * Adds Safehouse to a Jakarta web application that has the {@code lib} jar in WEB-INF/lib (declared in the jar's
 * {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}, so no web.xml entry is needed). Everything
 * goes under one path of the application, the context parameter {@value #PATH_PARAM} (default
 * {@value #DEFAULT_PATH}): the page ({@code <path>/}, from the jar's {@code META-INF/resources/safehouse/}), the
 * endpoints {@code <path>/chat} and {@code <path>/ragnarok}, and {@code <path>/health}; the application's own paths
 * are left alone (no Ragnarok at its root, no /metrics or /admin).
 *
 * <p>The config is the context parameter {@value #CONFIG_JSON_PARAM} (the JSON itself), else the file the WAR's
 * bootstrap would find ({@code safehouse.config} context parameter, or {@code $SAFEHOUSE_CONFIG}), else the
 * defaults; it passes the same security self-check as the WAR. A bad path or config fails the deployment.
 *
 * <p>It stands aside when the application is the Safehouse WAR itself (its web.xml already registers Safehouse at the
 * root) or when it ran already in this context, so Safehouse is never registered twice.
 */
public final class SafehouseInitializer implements ServletContainerInitializer {
    private static final System.Logger LOG = System.getLogger(SafehouseInitializer.class.getName());
    /** The context parameter naming where Safehouse lives in the application. */
    public static final String PATH_PARAM = "safehouse.path";
    public static final String DEFAULT_PATH = "/safehouse";
    /** The context parameter holding config.json's text itself. */
    public static final String CONFIG_JSON_PARAM = "safehouse.config.json";
    /** Set on the context once an initializer registered Safehouse in it. */
    static final String REGISTERED = SafehouseInitializer.class.getName() + ".registered";
    /** One or more segments of letters, digits and {@code . _ ~ -}; no trailing slash. */
    private static final Pattern VALID_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    private final Optional<SafehouseConfig> givenConfig;
    private final EventFeed events;

    /** For the container (ServiceLoader): config from the context, events to nobody. */
    public SafehouseInitializer() {
        this(Optional.empty(), null);
    }

    /** For {@link Safehouse}'s embedded server: this config, these events. */
    SafehouseInitializer(Optional<SafehouseConfig> config, EventFeed events) {
        this.givenConfig = config;
        this.events = events;
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        if (context.getAttribute(REGISTERED) != null) {
            LOG.log(Level.WARNING, "Safehouse is registered in this context already; the library's initializer "
                    + "ran twice (two copies of the jar?) and stands aside");
            return;
        }
        if (isSafehouseWar(context)) {
            LOG.log(Level.INFO, "this is the Safehouse WAR (its web.xml registers Safehouse); the library's "
                    + "initializer stands aside");
            return;
        }
        context.setAttribute(REGISTERED, Boolean.TRUE);
        String path = path(context.getInitParameter(PATH_PARAM));
        SafehouseConfig config = givenConfig.orElseGet(() -> config(context));
        EventFeed feed = events != null ? events : new EventFeed();
        context.addListener(new SafehouseLifecycle(config, path, feed));
        FilterRegistration.Dynamic address = context.addFilter("safehouse-handshake-address",
                HandshakeAddressFilter.class);
        address.setAsyncSupported(true);
        address.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, path, path + "/*");
        FilterRegistration.Dynamic headers = context.addFilter("safehouse-security-headers",
                SecurityHeadersFilter.class);
        headers.setAsyncSupported(true);
        headers.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, path, path + "/*");
        ServletRegistration.Dynamic health = context.addServlet("safehouse-health", HealthServlet.class);
        health.addMapping(path + "/health");
        ServletRegistration.Dynamic page = context.addServlet("safehouse-page", new BundledPage(path));
        page.addMapping(path, path + "/*");
        LOG.log(Level.INFO, "Safehouse registered at {0}{1}/ (page, /chat, /ragnarok, /health)",
                context.getContextPath(), path);
    }

    /** The WAR's web.xml maps Safehouse's own handshake filter by name; an application using the jar does not. */
    static boolean isSafehouseWar(ServletContext context) {
        return context.getFilterRegistrations().values().stream()
                .anyMatch(filter -> HandshakeAddressFilter.class.getName().equals(filter.getClassName())
                        && !filter.getName().startsWith("safehouse-"));
    }

    /** The validated {@value #PATH_PARAM}, or {@value #DEFAULT_PATH} when unset. */
    static String path(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return DEFAULT_PATH;
        }
        String path = parameter.strip();
        if (!VALID_PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")
                || path.contains("/./") || path.endsWith("/.")) {
            throw new IllegalStateException("Safehouse cannot start: context parameter " + PATH_PARAM + " must be "
                    + "a path such as /safehouse or /tools/chat (letters, digits, . _ ~ -; no trailing slash), not \""
                    + path + "\"");
        }
        return path;
    }

    private static SafehouseConfig config(ServletContext context) {
        String json = context.getInitParameter(CONFIG_JSON_PARAM);
        if (json == null || json.isBlank()) {
            return SafehouseBootstrap.loadConfig(context);
        }
        try {
            SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher())
                    .parse(json, "context parameter " + CONFIG_JSON_PARAM, Path.of("."));
            LOG.log(Level.INFO, "config loaded from the context parameter {0}", CONFIG_JSON_PARAM);
            return config;
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "Safehouse cannot start: " + e.getMessage());
            throw new IllegalStateException("Safehouse cannot start: " + e.getMessage(), e);
        }
    }
}
