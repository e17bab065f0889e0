package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.WsTestClient;

/**
 * Over real sockets (Tyrus): a crowd with the right password all get in, on /chat and /ragnarok, with the default
 * two password workers; and a page's reconnect never lands in a squatter's passwordless room. The clients all come
 * from 127.0.0.1, so the per-address cap of unjoined connections is raised to let twenty wait at once (in life they
 * come from many addresses).
 */
class PasswordStormTyrusTest {
    private static final int CROWD = 20;
    private static TyrusTestServer tyrus;

    @BeforeAll
    static void startTyrus(@TempDir Path directory) throws Exception {
        tyrus = TyrusTestServer.start(directory, """
                {"server_name": "Storm", "server_password": "right horse",
                 "rooms": [{"name": "vault", "password": "vault horse"}],
                 "limits": {"max_unjoined_per_address": 64}}
                """);
    }

    @AfterAll
    static void stopTyrus() {
        if (tyrus != null) {
            tyrus.close();
        }
    }

    @Test
    void twentyRightPasswordsAtOnceOnChatAreAllAdmitted() {
        List<WsTestClient> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < CROWD; i++) {
                WsTestClient client = WsTestClient.connect(tyrus.uri("/chat"));
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
                crowd.add(WsTestClient.connect(tyrus.uri("/ragnarok")));
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
        try (WsTestClient squatter = WsTestClient.connect(tyrus.uri("/chat"));
             WsTestClient owner = WsTestClient.connect(tyrus.uri("/chat"))) {
            squatter.awaitType("Hello");
            owner.awaitType("Hello");
            JsonObject joined = squatter.joinAndWait("hideout", "mallory", null);
            assertEquals(false, joined.getBoolean("password"));
            owner.join("Hideout", "ann", "our secret");
            JsonObject refused = owner.awaitError("no_password_expected");
            assertEquals("hideout", refused.getString("room"));
            assertEquals(List.of("mallory"), tyrus.runtime().chat().members("hideout"),
                    "ann is not in the squatter's room");
        }
    }
}
