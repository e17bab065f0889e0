package org.safehouse.embed;

import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.safehouse.config.SafehouseConfig;

/**
 * The Jetty 12 (ee10) server {@link Safehouse} runs in-process: one plain HTTP connector on the given host and port,
 * one servlet context at the root with Jakarta WebSocket, and Safehouse added to it by the same
 * {@link SafehouseInitializer} a container runs for the {@code lib} jar, so both uses register exactly the same
 * things. With {@link SelectorReadingConnector} and the transport's {@code JettyCoreWrites}, one of the few classes of
 * ours outside the launcher that know Jetty. A server of one node reads WebSocket messages on the selector thread. TLS is left to a proxy in front, as
 * {@code public_url} describes.
 */
final class EmbeddedServer {
    private final Server server;
    private final ServletContextHandler context;
    private final ServerConnector connector;
    private final String path;

    private EmbeddedServer(Server server, ServletContextHandler context, ServerConnector connector, String path) {
        this.server = server;
        this.context = context;
        this.connector = connector;
        this.path = path;
    }

    /** Starts Jetty with Safehouse at {@code path}; on failure nothing stays running. */
    static EmbeddedServer start(String host, int port, String path, SafehouseConfig config, EventFeed events) {
        Server server = new Server();
        ServerConnector connector = SelectorReadingConnector.forConfig(server, config, new HttpConnectionFactory());
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(SafehouseInitializer.PATH_PARAM, path);
        JakartaWebSocketServletContainerInitializer.configure(context, null);
        context.addServletContainerInitializer(new SafehouseInitializer(Optional.of(config), events));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException("Safehouse cannot start on " + host + ":" + port + ": " + e.getMessage(),
                    e);
        }
        if (!context.isAvailable()) { // a failed context leaves the server up, answering 503
            stopQuietly(server);
            throw new IllegalStateException("Safehouse cannot start: its context failed (see the log)");
        }
        return new EmbeddedServer(server, context, connector, path);
    }

    /** Where the page is, e.g. {@code http://127.0.0.1:43121/safehouse/}. */
    URI address() {
        String host = connector.getHost().contains(":") ? "[" + connector.getHost() + "]" : connector.getHost();
        return URI.create("http://" + host + ":" + connector.getLocalPort() + path + "/");
    }

    /**
     * Stops the context first, while the connector still carries Safehouse's close frames (1001 to every client),
     * then Jetty.
     */
    void stop() {
        stopQuietly(context);
        stopQuietly(server);
    }

    private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle component) {
        try {
            component.stop();
        } catch (Exception e) {
            System.getLogger(EmbeddedServer.class.getName()).log(System.Logger.Level.WARNING,
                    "stopping the embedded server failed", e);
        }
    }
}
