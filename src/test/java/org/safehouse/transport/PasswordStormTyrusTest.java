package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.WsTestClient;

/**
 * Over real sockets (Tyrus): a crowd with the right password all get in, on /chat and /ragnarok, with the default
 * two password workers; and a page's reconnect never lands in a squatter's passwordless room. The clients all come
 * from 127.0.0.1, so the per-address cap of unjoined connections is raised to let twenty wait at once (in life they
 * come from many addresses).
 */
class PasswordStormTyrusTest {
    private static final int CROWD = 20;

    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"server_name": "Storm", "server_password": "right horse",
             "rooms": [{"name": "vault", "password": "vault horse"}],
             "limits": {"max_unjoined_per_address": 64}}
            """);

    @Test
    void twentyRightPasswordsAtOnceOnChatAreAllAdmitted() {
        List<WsTestClient> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < CROWD; i++) {
                WsTestClient client = WsTestClient.connect(TYRUS.uri("/chat"));
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
                crowd.add(WsTestClient.connect(TYRUS.uri("/ragnarok")));
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
        try (WsTestClient squatter = WsTestClient.connect(TYRUS.uri("/chat"));
             WsTestClient owner = WsTestClient.connect(TYRUS.uri("/chat"))) {
            squatter.awaitType("Hello");
            owner.awaitType("Hello");
            JsonObject joined = squatter.joinAndWait("hideout", "mallory", null);
            assertEquals(false, joined.getBoolean("password"));
            owner.join("Hideout", "ann", "our secret");
            JsonObject refused = owner.awaitError("no_password_expected");
            assertEquals("hideout", refused.getString("room"));
            assertEquals(List.of("mallory"), TYRUS.runtime().chat().members("hideout"),
                    "ann is not in the squatter's room");
        }
    }
}
