package org.safehouse.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameScannerTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheTypeAndTheGeneratorsTextOfABroadcast() {
        byte[] frame = bytes("{\"msgType\":\"Broadcast\",\"id\":\"7260913021018112\",\"room\":\"lobby\","
                + "\"ts\":1763779200000,\"SrcUser\":\"alice\",\"text\":\"b:3:42:123456789\"}");
        assertEquals(FrameType.BROADCAST, FrameScanner.type(frame, frame.length));
        MessageText text = new MessageText();
        assertTrue(FrameScanner.text(frame, frame.length, text));
        assertEquals('b', text.kind());
        assertEquals(3, text.count());
        assertEquals(3, text.number(0));
        assertEquals(42, text.number(1));
        assertEquals(123456789, text.number(2));
    }

    @Test
    void toleratesWhitespaceAndAnyFieldOrder() {
        byte[] frame = bytes("{ \"text\" : \"p:1:2:3:4\" , \"msgType\" : \"PrivateMessage\", \"TgtUser\": \"bob\" }");
        assertEquals(FrameType.PRIVATE_MESSAGE, FrameScanner.type(frame, frame.length));
        assertTrue(FrameScanner.hasTargetUser(frame, frame.length));
        MessageText text = new MessageText();
        assertTrue(FrameScanner.text(frame, frame.length, text));
        assertEquals(4, text.count());
        assertEquals(4, text.number(3));
    }

    @Test
    void refusesTextsThatAreNotTheGenerators() {
        MessageText text = new MessageText();
        for (String other : new String[] {"hello", "b:", "b:1:x", "b:1::2", ""}) {
            byte[] frame = bytes("{\"msgType\":\"Broadcast\",\"text\":\"" + other + "\"}");
            assertFalse(FrameScanner.text(frame, frame.length, text), other);
        }
    }

    @Test
    void listsTheNamesOfPresenceAndJoined() {
        byte[] frame = bytes("{\"msgType\":\"Presence\",\"room\":\"r\",\"joined\":[\"a\",\"b\\\"c\"],\"left\":[]}");
        assertEquals(FrameType.PRESENCE, FrameScanner.type(frame, frame.length));
        List<String> joined = new ArrayList<>();
        FrameScanner.joined(frame, frame.length, (b, from, to) -> joined.add(new String(b, from, to - from,
                StandardCharsets.UTF_8)));
        assertEquals(List.of("a", "b\\\"c"), joined);
        List<String> left = new ArrayList<>();
        FrameScanner.left(frame, frame.length, (b, from, to) -> left.add("x"));
        assertEquals(List.of(), left);
    }

    @Test
    void readsErrorCodesAndUnknownTypes() {
        byte[] error = bytes("{\"msgType\":\"Error\",\"code\":\"rate_limited\",\"text\":\"slow down\"}");
        assertEquals(FrameType.ERROR, FrameScanner.type(error, error.length));
        assertEquals("rate_limited", FrameScanner.code(error, error.length));
        byte[] other = bytes("{\"msgType\":\"Brand new\"}");
        assertEquals(FrameType.OTHER, FrameScanner.type(other, other.length));
    }
}
