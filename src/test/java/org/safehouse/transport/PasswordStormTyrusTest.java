package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.app.SafehouseBootstrap;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.testing.WsTestClient;

/**
 * Over real sockets (Tyrus): a crowd with the right password all get in, on /chat and /ragnarok, with the default
 * two password workers; and a page's reconnect never lands in a squatter's passwordless room. The clients all come
 * from 127.0.0.1, so the per-address cap of unjoined connections is raised to let twenty wait at once (in life they
 * come from many addresses).
 */
class PasswordStormTyrusTest {
    private static final int CROWD = 20;
    private static ServerContainer container;
    private static SafehouseRuntime runtime;
    private static int port;

    @BeforeAll
    static void startTyrus(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("config.json");
        Files.writeString(file, """
                {"server_name": "Storm", "server_password": "right horse",
                 "rooms": [{"name": "vault", "password": "vault horse"}],
                 "limits": {"max_unjoined_per_address": 64}}
                """);
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).load(file);
        container = ServerContainerFactory.createServerContainer(java.util.Map.of());
        runtime = SafehouseBootstrap.deploy(config, container);
        container.start("/", 0);
        port = ((TyrusServerContainer) container).getPort();
    }

    @AfterAll
    static void stopTyrus() {
        if (runtime != null) {
            runtime.stop();
        }
        if (container != null) {
            container.stop();
        }
    }

    private static URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }

    @Test
    void twentyRightPasswordsAtOnceOnChatAreAllAdmitted() {
        List<WsTestClient> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < CROWD; i++) {
                WsTestClient client = WsTestClient.connect(uri("/chat"));
                client.awaitType("Hello");
                crowd.add(client);
            }
            for (int i = 0; i < CROWD; i++) {
                crowd.get(i).join("vault", "user" + i, "vault horse");
            }
            int refused = 0;
            for (WsTestClient client : crowd) {
                JsonObject answer = client.await(f -> "Joined".equals(WsTestClient.type(f))
                        || "Error".equals(WsTestClient.type(f)));
                if (!"Joined".equals(WsTestClient.type(answer))) {
                    refused++;
                }
            }
            assertEquals(0, refused, "refused joins with the right password");
        } finally {
            crowd.forEach(WsTestClient::close);
        }
    }

    @Test
    void twentyRightPasswordsAtOnceOnRagnarokAreAllAdmitted() {
        List<WsTestClient> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < CROWD; i++) {
                crowd.add(WsTestClient.connect(uri("/ragnarok")));
            }
            for (int i = 0; i < CROWD; i++) {
                crowd.get(i).send("right horse").send("old" + i); // the nickname without waiting, as Ragnarok does
            }
            for (WsTestClient client : crowd) {
                JsonObject users = client.awaitType("OnlineUsers");
                assertTrue(users.containsKey("Users"), users::toString);
                assertTrue(!client.isClosed(), "not closed (4005 was the old server_busy answer)");
            }
        } finally {
            crowd.forEach(WsTestClient::close);
        }
    }

    @Test
    void aReconnectingPageIsRefusedTheSquattersPasswordlessNamesake() {
        try (WsTestClient squatter = WsTestClient.connect(uri("/chat"));
             WsTestClient owner = WsTestClient.connect(uri("/chat"))) {
            squatter.awaitType("Hello");
            owner.awaitType("Hello");
            JsonObject joined = squatter.joinAndWait("hideout", "mallory", null);
            assertEquals(false, joined.getBoolean("password"));
            owner.join("Hideout", "ann", "our secret");
            JsonObject refused = owner.awaitError("no_password_expected");
            assertEquals("hideout", refused.getString("room"));
            assertEquals(List.of("mallory"), runtime.chat().members("hideout"), "ann is not in the squatter's room");
        }
    }
}
