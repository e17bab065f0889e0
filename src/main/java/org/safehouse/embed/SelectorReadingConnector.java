package org.safehouse.embed;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.safehouse.config.SafehouseConfig;

/**
 * A Jetty connector whose WebSocket connections, once upgraded, read on the selector thread, as an event loop does
 * (ws, uWebSockets), instead of Jetty's default for them.
 *
 * <p>Jetty 12 treats every WebSocket read as possibly blocking ({@code WebSocketConnection} declares no invocation
 * type): for each message that arrives, the selector thread wakes a reserved thread to select in its place, then runs
 * the read, and the connection's next read interest goes back to the selector through its update queue, which wakes
 * it again. For one private message that is two thread wake-ups and two context switches more than the message
 * itself; it was most of what a private message cost beyond ws's (docs/PERFORMANCE.md). Declaring the read
 * non-blocking lets the selector thread run it in place, as Jetty's HTTP connections may.
 *
 * <p>That is only right because Safehouse's receive path on one node never blocks: password checks run on their own
 * workers, history and journals are written by their stores' threads, sends go through the bounded per-connection
 * queue, and closes that may block go to the closer thread (docs/ARCHITECTURE.md, "Threads"). In cluster mode it
 * waits for Redis, so {@link #forConfig} keeps Jetty's default there. HTTP requests and the upgrade itself keep
 * Jetty's default: they run servlets and filters.
 */
public final class SelectorReadingConnector extends ServerConnector {
    /** {@code -Dsafehouse.selectorReads=false} keeps Jetty's default (for comparing the two, or if it ever misbehaves). */
    public static final String SWITCH = "safehouse.selectorReads";

    private SelectorReadingConnector(Server server, ConnectionFactory... factories) {
        super(server, factories);
    }

    /**
     * The connector for this config: one that reads WebSocket messages on the selector thread when the server is one
     * node (no {@code cluster}) and the switch is not off, Jetty's plain one otherwise.
     */
    public static ServerConnector forConfig(Server server, SafehouseConfig config, ConnectionFactory... factories) {
        boolean switchedOff = "false".equalsIgnoreCase(System.getProperty(SWITCH, "true"));
        if (config.cluster().isPresent() || switchedOff) {
            return new ServerConnector(server, factories);
        }
        return new SelectorReadingConnector(server, factories);
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SocketChannelEndPoint endPoint = new SelectorReadingEndPoint(channel, selector, key, this);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    /**
     * The task the selector runs for a ready connection: for an upgraded WebSocket connection (behind TLS or not),
     * Jetty's own task declared non-blocking; for any other, Jetty's task as it is.
     */
    static Runnable readTask(Runnable jettyTask, Connection connection) {
        if (jettyTask == null || !isWebSocket(connection)) {
            return jettyTask;
        }
        return new NonBlockingTask(jettyTask);
    }

    private static boolean isWebSocket(Connection connection) {
        Connection inner = connection instanceof SslConnection tls ? tls.getSslEndPoint().getConnection() : connection;
        return inner instanceof WebSocketConnection;
    }

    private static final class SelectorReadingEndPoint extends SocketChannelEndPoint {
        SelectorReadingEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key,
                                ServerConnector connector) {
            super(channel, selector, key, connector.getScheduler());
        }

        @Override
        public Runnable onSelected() {
            return readTask(super.onSelected(), getConnection());
        }
    }

    /** Jetty's task, run in place by the selector; closable like the task it wraps (Jetty closes a rejected task). */
    record NonBlockingTask(Runnable task) implements Invocable.Task, Closeable {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }

        @Override
        public void close() throws IOException {
            if (task instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }
}
