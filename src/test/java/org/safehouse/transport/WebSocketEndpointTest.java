package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The endpoint's own frame-size check, which makes Tyrus close with 1009 as Jetty and Tomcat do. */
class WebSocketEndpointTest {
    @Test
    void countsUtf8BytesNotChars() {
        assertFalse(WebSocketEndpoint.exceedsUtf8Bytes("a".repeat(1024), 1024));
        assertTrue(WebSocketEndpoint.exceedsUtf8Bytes("a".repeat(1025), 1024));
        assertFalse(WebSocketEndpoint.exceedsUtf8Bytes("é".repeat(512), 1024)); // two bytes each
        assertTrue(WebSocketEndpoint.exceedsUtf8Bytes("é".repeat(513), 1024));
        assertFalse(WebSocketEndpoint.exceedsUtf8Bytes("€".repeat(341) + "a", 1024)); // three bytes each
        assertTrue(WebSocketEndpoint.exceedsUtf8Bytes("€".repeat(342), 1024));
        assertFalse(WebSocketEndpoint.exceedsUtf8Bytes("\uD83D\uDE00".repeat(256), 1024)); // four bytes a pair
        assertTrue(WebSocketEndpoint.exceedsUtf8Bytes("\uD83D\uDE00".repeat(256) + "a", 1024));
    }
}
