package org.safehouse.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.websocket.core.WebSocketConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.testing.WsTestClient;

/**
 * The connector of {@code java -jar} and of the embedding API: on one node an upgraded WebSocket connection's reads are
 * declared non-blocking (the selector runs them in place) and everything else keeps Jetty's default; in cluster mode,
 * which waits for Redis on the receive path, it is Jetty's plain connector. Against a real Jetty with a real client.
 */
class SelectorReadingConnectorTest {
    private Server server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void oneNodeReadsOnTheSelectorAndAClusterOrTheSwitchKeepsJettysDefault() throws Exception {
        Server jetty = new Server();
        assertInstanceOf(SelectorReadingConnector.class,
                SelectorReadingConnector.forConfig(jetty, config("{}"), new HttpConnectionFactory()));
        ServerConnector clustered = SelectorReadingConnector.forConfig(jetty,
                config("{\"cluster\": {\"redis_url\": \"redis://127.0.0.1:6379/0\"}}"), new HttpConnectionFactory());
        assertEquals(ServerConnector.class, clustered.getClass());
        System.setProperty(SelectorReadingConnector.SWITCH, "false");
        try {
            assertEquals(ServerConnector.class,
                    SelectorReadingConnector.forConfig(jetty, config("{}"), new HttpConnectionFactory()).getClass());
        } finally {
            System.clearProperty(SelectorReadingConnector.SWITCH);
        }
    }

    @Test
    void anUpgradedWebSocketReadIsNonBlockingAndAnHttpConnectionKeepsJettysTask() throws Exception {
        ServerConnector connector = start();
        try (WsTestClient webSocket = WsTestClient.connect(echo(connector));
             Socket http = new Socket("127.0.0.1", connector.getLocalPort())) {
            webSocket.send("hello");
            assertEquals("echo hello", webSocket.nextRaw());
            OutputStream out = http.getOutputStream();
            out.write("GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            http.getInputStream().read(); // the 404 has begun: the connection is open and served

            Connection webSocketConnection = connectionOf(connector, WebSocketConnection.class);
            Connection httpConnection = connectionOf(connector, HttpConnection.class);
            AtomicInteger ran = new AtomicInteger();
            Runnable jettyTask = ran::incrementAndGet;

            Runnable read = SelectorReadingConnector.readTask(jettyTask, webSocketConnection);
            assertEquals(Invocable.InvocationType.NON_BLOCKING, Invocable.getInvocationType(read));
            read.run();
            assertEquals(1, ran.get(), "the selector runs Jetty's own read");
            assertSame(jettyTask, SelectorReadingConnector.readTask(jettyTask, httpConnection));
            assertNull(SelectorReadingConnector.readTask(null, webSocketConnection));
        }
    }

    /** Reads on the selector keep every connection's messages complete and in order, with many talking at once. */
    @Test
    void manyConnectionsTalkingAtOnceGetEveryEchoInOrder() throws Exception {
        ServerConnector connector = start();
        int clients = 20;
        int messages = 200;
        List<WsTestClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                sockets.add(WsTestClient.connect(echo(connector)));
            }
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                WsTestClient socket = sockets.get(i);
                int client = i;
                senders.add(CompletableFuture.runAsync(() -> {
                    for (int m = 0; m < messages; m++) {
                        socket.send(client + ":" + m);
                    }
                }));
            }
            CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < clients; i++) {
                for (int m = 0; m < messages; m++) {
                    assertEquals("echo " + i + ":" + m, sockets.get(i).nextRaw(), "client " + i + ", message " + m);
                }
            }
        } finally {
            sockets.forEach(WsTestClient::close);
        }
    }

    @ServerEndpoint("/echo")
    public static class Echo {
        @OnMessage
        public void onMessage(String text, Session session) {
            session.getAsyncRemote().sendText("echo " + text);
        }
    }

    private ServerConnector start() throws Exception {
        server = new Server();
        ServerConnector connector = SelectorReadingConnector.forConfig(server, config("{}"),
                new HttpConnectionFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        JakartaWebSocketServletContainerInitializer.configure(context,
                (servletContext, container) -> container.addEndpoint(Echo.class));
        server.setHandler(context);
        server.start();
        assertInstanceOf(SelectorReadingConnector.class, connector);
        return connector;
    }

    private static URI echo(ServerConnector connector) {
        return URI.create("ws://127.0.0.1:" + connector.getLocalPort() + "/echo");
    }

    private static Connection connectionOf(ServerConnector connector, Class<? extends Connection> kind)
            throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (EndPoint endPoint : connector.getConnectedEndPoints()) {
                if (kind.isInstance(endPoint.getConnection())) {
                    return endPoint.getConnection();
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no open " + kind.getSimpleName());
    }

    private static SafehouseConfig config(String json) throws Exception {
        return new ConfigLoader(new Argon2PasswordHasher(), Map.<String, String>of()::get)
                .parse(json, "test", Path.of("."));
    }
}
