package org.safehouse.transport;

import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import org.safehouse.config.Limits;

/**
 * Registers an assembled {@link SafehouseRuntime} with a Jakarta WebSocket container: sets the container's limits
 * explicitly, and adds {@code /chat} and {@code /ragnarok}, the latter also at the context root, where Ragnarok's own
 * clients connect. Needs no servlet context, so the Tyrus standalone tests deploy through here too.
 */
public final class WebSocketDeployment {
    private static final System.Logger LOG = System.getLogger(WebSocketDeployment.class.getName());
    static final String RAGNAROK_AT_ROOT = "/";
    /** The WAR's base path: {@code /chat}, {@code /ragnarok} and Ragnarok at the context root itself. */
    public static final String AT_CONTEXT_ROOT = "";

    private WebSocketDeployment() {
    }

    /** Registers the endpoints; the runtime is not started (the caller starts it once this returned). */
    public static void register(ServerContainer container, SafehouseRuntime runtime) {
        register(container, runtime, AT_CONTEXT_ROOT);
    }

    /**
     * Registers {@code basePath + "/chat"} and {@code basePath + "/ragnarok"}; only at {@link #AT_CONTEXT_ROOT} also
     * Ragnarok at the root itself (a library inside another application leaves the application's root alone).
     *
     * @param basePath {@link #AT_CONTEXT_ROOT}, or a path such as {@code /safehouse} (no trailing slash)
     */
    public static void register(ServerContainer container, SafehouseRuntime runtime, String basePath) {
        runtime.ragnarokAtRoot(endpoint(RAGNAROK_AT_ROOT, runtime, true));
        Limits limits = runtime.chat().config().limits();
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
            container.addEndpoint(endpoint(basePath + "/chat", runtime, false));
            container.addEndpoint(endpoint(basePath + "/ragnarok", runtime, true));
            if (!basePath.equals(AT_CONTEXT_ROOT)) {
                return;
            }
            // Ragnarok's clients connect to wss://host:port with no path: a WebSocket upgrade at the context root is
            // the legacy endpoint too. Containers match WebSocket mappings only for upgrade requests, so a plain
            // GET of the root still serves the page.
            container.addEndpoint(runtime.ragnarokAtRoot()); // Tomcat: see RootUpgradeFilter
        } catch (DeploymentException e) {
            throw new IllegalStateException("cannot register the WebSocket endpoints", e);
        }
    }

    /** The container a Servlet 6 container keeps in the servlet context, or an error naming what is missing. */
    public static ServerContainer of(jakarta.servlet.ServletContext context) {
        ServerContainer container = (ServerContainer) context.getAttribute(SafehouseRuntime.CONTAINER_ATTRIBUTE);
        if (container == null) {
            throw new IllegalStateException("this container offers no Jakarta WebSocket ServerContainer");
        }
        return container;
    }

    private static ServerEndpointConfig endpoint(String path, SafehouseRuntime runtime, boolean legacy) {
        return ServerEndpointConfig.Builder.create(WebSocketEndpoint.class, path)
                .configurator(new HandshakeConfigurator(runtime, legacy))
                .build();
    }
}
