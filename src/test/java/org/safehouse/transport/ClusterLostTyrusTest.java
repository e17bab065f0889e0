package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executors;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.RoomCatalog;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.testing.SwitchedClusterHealth;
import org.safehouse.testing.WsTestClient;

/**
 * A node that loses its cluster tells every client, on both endpoints, to reconnect elsewhere (close 4011), answers
 * /health with 503 so a balancer moves on, and admits clients again once its cluster is back. Real sockets, on Tyrus.
 */
class ClusterLostTyrusTest {
    private final SwitchedClusterHealth health = new SwitchedClusterHealth();
    private ServerContainer container;
    private SafehouseRuntime runtime;
    private int port;

    @BeforeEach
    void deploy() throws Exception {
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).parse("{}", "test", Path.of("."));
        InMemoryBroker broker = new InMemoryBroker();
        var passwordWorkers = Executors.newSingleThreadExecutor();
        ChatServer chat = new ChatServer(config, broker, new Argon2PasswordHasher(), Clock.systemUTC(),
                HistoryStore.NONE, RoomCatalog.NONE, passwordWorkers, health);
        runtime = new SafehouseRuntime(chat, broker, passwordWorkers);
        container = ServerContainerFactory.createServerContainer(Map.of());
        WebSocketDeployment.register(container, runtime);
        runtime.start();
        container.start("/", 0);
        port = ((TyrusServerContainer) container).getPort();
    }

    @AfterEach
    void stop() {
        runtime.stop();
        container.stop();
    }

    private WsTestClient connect(String path) {
        return WsTestClient.connect(java.net.URI.create("ws://127.0.0.1:" + port + path));
    }

    @Test
    void losingTheClusterClosesEveryClientWith4011AndHealthSays503UntilItIsBack() {
        try (WsTestClient ann = connect("/chat"); WsTestClient old = connect("/ragnarok")) {
            ann.joinAndWait("lobby", "ann", null);
            old.send("any password: the default room has none").send("oldtimer");
            old.awaitType("OnlineUsers");

            health.set(false);

            assertEquals(4011, ann.awaitClose());
            assertEquals(4011, old.awaitClose());
            HealthServlet.Report lost = HealthServlet.report(runtime, "1.2.3");
            assertEquals(503, lost.status());
            assertEquals("{\"status\":\"cluster_unavailable\",\"version\":\"1.2.3\"}", lost.json());
            try (WsTestClient early = connect("/chat")) {
                assertEquals(4011, early.awaitClose(), "a client arriving meanwhile is sent elsewhere at once");
            }
        }

        health.set(true);

        assertEquals(200, HealthServlet.report(runtime, "1.2.3").status());
        try (WsTestClient back = connect("/chat")) {
            assertEquals("Joined", WsTestClient.type(back.joinAndWait("lobby", "ann", null)),
                    "ann's name was freed when her connection closed");
        }
    }
}
