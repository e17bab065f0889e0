package org.safehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a server treats message sizes, the same on every container although each hands the endpoint its messages in
 * different parts (Tomcat whenever its small text buffer fills and at each frame's end, Jetty per frame or network
 * read, Tyrus per frame): a text message of up to {@code limits.max_frame_bytes} UTF-8 bytes is accepted whether it
 * comes in one frame or in many; a bigger one closes with 1009 even when each of its frames is small; a binary
 * message closes with 1003 whatever its size.
 */
public final class MessageSizeScenario {
    /** Not ASCII only, so bytes and chars differ; short enough for any {@code max_text_chars} of the tests. */
    private static final String TEXT = "fragments é€\uD83D\uDE00 joined";
    private static final int FRAGMENT_BYTES = 1000;

    private MessageSizeScenario() {
    }

    /**
     * A Broadcast of exactly {@code maxFrameBytes} bytes, padded with JSON whitespace, sent once as one frame and once
     * in frames of about {@value #FRAGMENT_BYTES} bytes: the other member receives both, whole.
     */
    public static void largestMessageIsAcceptedInOneFrameAndInMany(URI chat, String room, int maxFrameBytes) {
        try (WsTestClient sender = WsTestClient.connect(chat); WsTestClient member = WsTestClient.connect(chat)) {
            sender.joinAndWait(room, "sender", null);
            member.joinAndWait(room, "member", null);
            String whole = paddedBroadcast(room, TEXT + " (one frame)", maxFrameBytes);
            String fragmented = paddedBroadcast(room, TEXT + " (fragments)", maxFrameBytes);
            sender.send(whole);
            List<String> parts = split(fragmented, FRAGMENT_BYTES);
            sender.sendFragments(parts, true);
            for (String expected : List.of(TEXT + " (one frame)", TEXT + " (fragments)")) {
                JsonObject broadcast = member.awaitType("Broadcast");
                assertEquals(expected, broadcast.getString("text"), "sent in " + parts.size() + " fragments");
                assertEquals("sender", broadcast.getString("SrcUser"));
            }
            assertEquals("still-open", sender.pingPong("still-open").getString("token"));
        }
    }

    /** Frames of {@value #FRAGMENT_BYTES} bytes, each far below the limit, that together pass it: 1009. */
    public static void fragmentsThatTogetherPassTheLimitCloseWith1009(URI chat, String room, int maxFrameBytes) {
        try (WsTestClient client = WsTestClient.connect(chat)) {
            client.joinAndWait(room, "piecemeal", null);
            String start = "{\"msgType\":\"Broadcast\",\"room\":\"" + room + "\",\"text\":\"";
            List<String> parts = new ArrayList<>();
            parts.add(start + "x".repeat(FRAGMENT_BYTES - start.length()));
            while (parts.size() * FRAGMENT_BYTES <= maxFrameBytes) {
                parts.add("x".repeat(FRAGMENT_BYTES));
            }
            client.sendFragments(parts, false); // the frame that passes the limit is the last one sent
            assertEquals(1009, client.awaitClose());
        }
    }

    /** A binary message of four times {@code maxFrameBytes}: 1003 (not 1009), as for a small one. */
    public static void aLargeBinaryMessageClosesWith1003(URI chat, String room, int maxFrameBytes) {
        try (WsTestClient client = WsTestClient.connect(chat)) {
            client.joinAndWait(room, "bytes", null);
            client.sendBinary(new byte[4 * maxFrameBytes]);
            assertEquals(1003, client.awaitClose());
        }
    }

    /** A Broadcast frame of exactly {@code bytes} UTF-8 bytes: spaces after the opening brace make up the rest. */
    static String paddedBroadcast(String room, String text, int bytes) {
        String frame = Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text)
                .build().toString();
        int padding = bytes - frame.getBytes(StandardCharsets.UTF_8).length;
        if (padding < 0) {
            throw new IllegalArgumentException("a Broadcast needs more than " + bytes + " bytes");
        }
        return "{" + " ".repeat(padding) + frame.substring(1);
    }

    /** Parts of about {@code chars} chars each, never splitting a surrogate pair (the client refuses half a pair). */
    static List<String> split(String text, int chars) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + chars);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to++;
            }
            parts.add(text.substring(from, to));
            from = to;
        }
        return parts;
    }
}
