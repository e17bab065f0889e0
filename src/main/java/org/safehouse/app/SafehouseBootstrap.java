package org.safehouse.app;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.server.ServerContainer;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.config.SecuritySelfCheck;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.transport.SafehouseRuntime;
import org.safehouse.transport.WebSocketDeployment;

/**
 * The container's entry point (declared in web.xml, so no annotation scanning): takes the config, has
 * {@link SafehouseAssembly} build the server, registers the endpoints ({@link WebSocketDeployment}) and starts the
 * runtime; stops it when the webapp stops. The only class outside transport/ that touches the Servlet API, and only
 * to read the context. A bad config fails the deployment with a message naming the key.
 *
 * <p>Config is read once per start: under {@code java -jar} the launcher has already loaded it (and hashed its
 * clear-text passwords with Argon2id) and hands it over as the context attribute {@value #LOADED_CONFIG}; in Tomcat
 * or a Jetty distribution nobody has, and it is loaded here.
 */
public final class SafehouseBootstrap implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(SafehouseBootstrap.class.getName());
    /** The context attribute a launcher puts the {@link SafehouseConfig} it loaded in. */
    public static final String LOADED_CONFIG = "org.safehouse.config.loaded";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SafehouseConfig config = loadConfig(context);
        SecuritySelfCheck.enforceDeployed(config); // example room password, wildcard origins
        SafehouseRuntime runtime = deploy(config, WebSocketDeployment.of(context));
        context.setAttribute(SafehouseRuntime.ATTRIBUTE, runtime);
        LOG.log(Level.INFO, "Safehouse \"{0}\" ready at {1}/chat and {1}/ragnarok (also {1}/ for Ragnarok clients); "
                + "rooms from config: {2}; limits: {3}",
                config.serverName(), context.getContextPath(), config.rooms().size(), config.limits());
    }

    /** Assembles the server for {@code config}, registers its endpoints with {@code container} and starts it. */
    public static SafehouseRuntime deploy(SafehouseConfig config, ServerContainer container) {
        return deploy(config, container, WebSocketDeployment.AT_CONTEXT_ROOT);
    }

    /**
     * As {@link #deploy(SafehouseConfig, ServerContainer)}, with the endpoints under {@code basePath} of the context
     * (the library: {@code /safehouse/chat}); {@link WebSocketDeployment#AT_CONTEXT_ROOT} for the WAR.
     */
    public static SafehouseRuntime deploy(SafehouseConfig config, ServerContainer container, String basePath) {
        SafehouseRuntime runtime = SafehouseAssembly.assemble(config);
        WebSocketDeployment.register(container, runtime, basePath);
        runtime.start();
        return runtime;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object runtime = event.getServletContext().getAttribute(SafehouseRuntime.ATTRIBUTE);
        if (runtime instanceof SafehouseRuntime safehouse) {
            safehouse.stop();
        }
    }

    /**
     * The config for this context: the one a launcher loaded, else the file {@link ConfigLocator} finds (the
     * {@code safehouse.config} context parameter among others), else the built-in defaults.
     *
     * @throws IllegalStateException naming the key, when the file is not a valid config
     */
    public static SafehouseConfig loadConfig(ServletContext context) {
        Object loaded = context.getAttribute(LOADED_CONFIG);
        if (loaded instanceof SafehouseConfig config) {
            LOG.log(Level.INFO, "using the config the launcher loaded");
            return config;
        }
        if (loaded != null) { // another class loader's copy: read the file again rather than fail
            LOG.log(Level.WARNING, "the launcher's config is of another class loader; loading it again");
        }
        ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());
        Optional<Map.Entry<Path, String>> location = ConfigLocator.locate(context::getInitParameter, System.getenv());
        if (location.isEmpty()) {
            LOG.log(Level.INFO, "no config file given; using built-in defaults");
            return loader.defaults();
        }
        Path file = location.get().getKey();
        try {
            SafehouseConfig config = loader.load(file);
            LOG.log(Level.INFO, "config loaded from {0} (named by {1})", file, location.get().getValue());
            return config;
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, "Safehouse cannot start: " + e.getMessage());
            throw new IllegalStateException("Safehouse cannot start: " + e.getMessage(), e);
        }
    }
}
