package org.safehouse.transport;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.RoomCatalog;
import org.safehouse.storage.SqliteRoomCatalog;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.safehouse.storage.SqliteHistoryStore;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.InMemoryBroker;

/**
 * Starts Safehouse inside any Servlet 6 / WebSocket 2.1 container: loads the config, builds the core, registers the
 * {@code /chat} and {@code /ragnarok} endpoints (the latter also at the context root, where Ragnarok's own clients
 * connect) with explicit limits, starts the runtime's threads. Declared in
 * web.xml, so it needs no annotation scanning. A bad config fails the deployment with a message naming the key.
 */
public final class SafehouseBootstrap implements ServletContextListener {
    private static final System.Logger LOG = System.getLogger(SafehouseBootstrap.class.getName());
    static final String RUNTIME_ATTRIBUTE = SafehouseRuntime.class.getName();
    static final String CONTAINER_ATTRIBUTE = "jakarta.websocket.server.ServerContainer";
    static final String RAGNAROK_AT_ROOT = "/";

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SafehouseConfig config = loadConfig(context);
        org.safehouse.config.SecuritySelfCheck.enforceDeployed(config); // example room password, wildcard origins
        ServerContainer container = (ServerContainer) context.getAttribute(CONTAINER_ATTRIBUTE);
        if (container == null) {
            throw new IllegalStateException("this container offers no Jakarta WebSocket ServerContainer");
        }
        SafehouseRuntime runtime = deploy(config, container);
        context.setAttribute(RUNTIME_ATTRIBUTE, runtime);
        LOG.log(Level.INFO, "Safehouse \"{0}\" ready at {1}/chat and {1}/ragnarok (also {1}/ for Ragnarok clients); "
                + "rooms from config: {2}; limits: {3}",
                config.serverName(), context.getContextPath(), config.rooms().size(), config.limits());
    }

    /**
     * Builds the core for a config, sets the container's limits explicitly, registers {@code /chat} and
     * {@code /ragnarok}, and starts the runtime. Needs no servlet context, so the Tyrus standalone test deploys
     * through here too.
     */
    static SafehouseRuntime deploy(SafehouseConfig config, ServerContainer container) {
        Broker broker = new InMemoryBroker(Runtime.getRuntime().availableProcessors());
        ExecutorService passwordWorkers = Executors.newFixedThreadPool(config.limits().maxConcurrentPasswordChecks(),
                SafehouseRuntime.named("password"));
        ChatServer chat = new ChatServer(config, broker, new Argon2PasswordHasher(), Clock.systemUTC(),
                historyStore(config), roomCatalog(config), passwordWorkers);
        SafehouseRuntime runtime = new SafehouseRuntime(chat, broker, passwordWorkers);
        runtime.ragnarokAtRoot(endpoint(RAGNAROK_AT_ROOT, runtime, true));
        Limits limits = config.limits();
        MessageBuffers.applyDefaults(container, limits);
        LOG.log(Level.INFO, "container message buffers: text {0} chars, binary {1} bytes; Safehouse itself closes a "
                + "text message over max_frame_bytes ({2} bytes in UTF-8) with 1009 and any binary message with 1003",
                MessageBuffers.textChars(limits), MessageBuffers.binaryBytes(), limits.maxFrameBytes());
        LOG.log(Level.INFO, "memory: max heap {0} MiB; history {1} MiB in all, {2} MiB a room; at most {3} rooms; "
                + "per address group {4} connections, {5} joined rooms, {6} new rooms a minute",
                Runtime.getRuntime().maxMemory() >> 20, limits.historyBytesTotal() >> 20,
                limits.historyBytesPerRoom() >> 20, limits.maxRooms(), limits.maxConnectionsPerAddressGroup(),
                limits.maxJoinedRoomsPerAddressGroup(), limits.roomsCreatedPerMinutePerAddressGroup());
        container.setDefaultMaxSessionIdleTimeout(limits.pingIntervalSeconds() * 3_000L);
        container.setAsyncSendTimeout(limits.sendTimeoutSeconds() * 1000L);
        try {
            container.addEndpoint(endpoint("/chat", runtime, false));
            container.addEndpoint(endpoint("/ragnarok", runtime, true));
            // Ragnarok's clients connect to wss://host:port with no path: a WebSocket upgrade at the context root is
            // the legacy endpoint too. Containers match WebSocket mappings only for upgrade requests, so a plain
            // GET of the root still serves the page.
            container.addEndpoint(runtime.ragnarokAtRoot()); // Tomcat: see RootUpgradeFilter
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the WebSocket endpoints", e);
        }
        runtime.start();
        return runtime;
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        Object runtime = event.getServletContext().getAttribute(RUNTIME_ATTRIBUTE);
        if (runtime instanceof SafehouseRuntime safehouse) {
            safehouse.stop();
        }
    }

    /** In memory unless config asks for durable history; a file that cannot be opened stops start-up. */
    private static HistoryStore historyStore(SafehouseConfig config) {
        if (!config.history().durable()) {
            return HistoryStore.NONE;
        }
        Path file = config.history().file().orElseThrow();
        try {
            SqliteHistoryStore store = SqliteHistoryStore.open(file, config.limits(), Clock.systemUTC());
            LOG.log(Level.INFO, "room history is kept in {0}", file);
            return store;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(file + ": cannot open the history file: " + e.getMessage(), e);
        }
    }

    /** With durable history, created rooms and their password verifiers are kept in the same file. */
    private static RoomCatalog roomCatalog(SafehouseConfig config) {
        if (!config.history().durable()) {
            return RoomCatalog.NONE;
        }
        Path file = config.history().file().orElseThrow();
        try {
            return SqliteRoomCatalog.open(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(file + ": cannot open the room catalog: " + e.getMessage(), e);
        }
    }

    private static ServerEndpointConfig endpoint(String path, SafehouseRuntime runtime, boolean legacy) {
        return ServerEndpointConfig.Builder.create(WebSocketEndpoint.class, path)
                .configurator(new HandshakeConfigurator(runtime, legacy))
                .build();
    }

    private static SafehouseConfig loadConfig(ServletContext context) {
        ConfigLoader loader = new ConfigLoader(new Argon2PasswordHasher());
        Optional<Map.Entry<Path, String>> location = ConfigLocator.locate(context, System.getenv());
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
