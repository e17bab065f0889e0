package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.WsTestClient;

/**
 * Frames that made the JSON-P implementation throw a plain runtime exception (a number BigDecimal cannot hold, nesting
 * deeper than 1000) once reached the container as an internal error and closed the connection with 1011. Over real
 * sockets each now gets an Error frame ({@code bad_json}: Parsson reads numbers as it parses) and the connection
 * stays open.
 */
class HostileFramesOverSocketsTest {
    private static TyrusTestServer server;

    @BeforeAll
    static void startTyrus(@TempDir Path directory) throws Exception {
        server = TyrusTestServer.start(directory, """
                {"limits": {"messages_per_second": 1000, "message_burst": 1000}}""");
    }

    @AfterAll
    static void stopTyrus() {
        if (server != null) {
            server.close();
        }
    }

    private static void assertAnsweredWith(String code, WsTestClient client, String frame) {
        client.send(frame);
        JsonObject error = client.awaitType("Error");
        assertEquals(code, error.getString("code"), frame.substring(0, Math.min(80, frame.length())));
        assertEquals("open", client.pingPong("open").getString("token"));
        assertFalse(client.isClosed());
    }

    @Test
    void parserExceptionsBecomeErrorFramesBeforeAndAfterJoining() {
        try (WsTestClient client = WsTestClient.connect(server.uri("/chat"))) {
            client.awaitType("Hello");
            assertAnsweredWith("bad_json", client,
                    "{\"msgType\":\"Join\",\"version\":1e99999999999,\"room\":\"r\",\"nick\":\"n\"}");
            assertAnsweredWith("bad_json", client, "{\"msgType\":\"Ping\",\"x\":" + "[".repeat(5000) + "}");
            assertAnsweredWith("bad_json", client, "{\"a\":".repeat(2000) + "1" + "}".repeat(2000));
            client.joinAndWait("parser", "nina", null);
            assertAnsweredWith("bad_json", client, "{\"msgType\":\"PrivateMessage\",\"room\":\"parser\","
                    + "\"TgtUser\":\"nina\",\"ciphertext\":\"AAAA\",\"iv\":\"AAAA\",\"signature\":\"AAAA\","
                    + "\"clientMsgId\":\"c\",\"counter\":1e99999999999}");
            assertAnsweredWith("bad_json", client, "{\"msgType\":\"History\",\"room\":\"parser\","
                    + "\"limit\":-1e99999999999}");
        }
    }
}
