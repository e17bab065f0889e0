package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.safehouse.testing.WsTestClient;

/**
 * Frames that made the JSON-P implementation throw a plain runtime exception (a number BigDecimal cannot hold, nesting
 * deeper than 1000) once reached the container as an internal error and closed the connection with 1011. Over real
 * sockets each now gets an Error frame ({@code bad_json}: Parsson reads numbers as it parses) and the connection
 * stays open.
 */
class HostileFramesOverSocketsTest {
    @RegisterExtension
    static final TyrusTestServer TYRUS = TyrusTestServer.forTheClass("""
            {"limits": {"messages_per_second": 1000, "message_burst": 1000}}""");

    private static void assertAnsweredWith(String code, WsTestClient client, String frame) {
        client.send(frame);
        JsonObject error = client.awaitType("Error");
        assertEquals(code, error.getString("code"), frame.substring(0, Math.min(80, frame.length())));
        assertEquals("open", client.pingPong("open").getString("token"));
        assertFalse(client.isClosed());
    }

    @Test
    void parserExceptionsBecomeErrorFramesBeforeAndAfterJoining() {
        try (WsTestClient client = WsTestClient.connect(TYRUS.uri("/chat"))) {
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
