package org.safehouse.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.safehouse.core.ChatServer;
import org.safehouse.core.FrameBudget;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;

/**
 * One server for a fuzz case, driven without sockets, and the properties every answer must have: it is one of the
 * frames docs/PROTOCOL.md documents, an Error carries a documented code, no frame outgrows the frame budget, and a
 * connection is closed only with a code documented for what it did. A bystander sits in room "den" throughout; what
 * the fuzzed connection does must not reach it except as room traffic.
 */
final class FuzzHarness {
    /** Server frames by msgType (ServerName has none). */
    static final Set<String> SERVER_FRAMES = Set.of("Hello", "Joined", "Challenge", "History", "Ack", "Left",
            "Broadcast", "PrivateMessage", "Presence", "OnlineUsers", "Rooms", "Pong", "Error",
            "Roles", "SealInfo"); // a founder that proves the keys it created a room with holds it: everyone is told
    static final Set<String> ERROR_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)
            .collect(Collectors.toSet());

    final ChatHarness core;
    final MutableClock clock;
    final ChatServer server;
    final FrameBudget budget;
    final FakeClient bystander;

    /**
     * @param ragnarokPassword whether the default room (Ragnarok's) has the password {@code ragnarok-pw}; without, any
     *                         password frame is accepted, and no Argon2 check slows the case down
     */
    FuzzHarness(boolean ragnarokPassword) {
        core = ChatHarness.start("""
                {"server_password": %s,
                 "rooms": [{"name": "den"}, {"name": "vault", "password": "vault-pw"}],
                 "limits": {"messages_per_second": 100000, "message_burst": 100000, "max_text_chars": 200,
                            "outbound_queue_bytes": 16384}}""".formatted(ragnarokPassword ? "\"ragnarok-pw\"" : "null"));
        clock = core.clock();
        server = core.server();
        budget = FrameBudget.of(server.config().limits());
        bystander = core.open("10.9.9.9");
        bystander.send("{\"msgType\":\"Join\",\"version\":1,\"room\":\"den\",\"nick\":\"keeper\"}");
        assertEquals(List.of("keeper"), server.members("den"));
        bystander.take();
    }

    /** Opens a connection for one case; its first frames (Hello) are checked and dropped. */
    FakeClient open(String address, boolean legacy) {
        FakeClient client = core.open(address, legacy);
        checked(client.take());
        return client;
    }

    /** Sends one frame; returns the answers, each checked. Any exception out of the server fails the case. */
    List<JsonObject> send(FakeClient client, String frame) {
        try {
            client.send(frame);
        } catch (RuntimeException e) {
            throw new AssertionError("the server threw on " + shortly(frame), e);
        }
        return checked(client.take());
    }

    List<JsonObject> checked(List<String> frames) {
        List<JsonObject> parsed = new ArrayList<>();
        for (String text : frames) {
            assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= budget.frameBytes(),
                    () -> "a frame outgrew the budget: " + shortly(text));
            JsonObject frame = FuzzInputs.parse(text);
            if (frame == null) {
                fail("not a JSON object: " + shortly(text));
            }
            if (frame.containsKey("ServerName")) {
                parsed.add(frame);
                continue;
            }
            String type = frame.getString("msgType", null);
            assertTrue(SERVER_FRAMES.contains(type), () -> "undocumented frame: " + shortly(text));
            if ("Error".equals(type)) {
                assertTrue(ERROR_CODES.contains(frame.getString("code")), () -> "undocumented code: " + text);
            }
            parsed.add(frame);
        }
        return parsed;
    }

    /** The bystander saw only room traffic of its room (presence, messages), and is still the member it was. */
    void assertBystanderUnaffected() {
        for (JsonObject frame : checked(bystander.take())) {
            String type = frame.getString("msgType", "");
            assertTrue(Set.of("Presence", "Broadcast", "PrivateMessage").contains(type), frame::toString);
            assertEquals("den", frame.getString("room"), frame::toString);
        }
        assertEquals(null, bystander.closedWith());
        assertTrue(server.members("den").contains("keeper"));
    }

    static void assertClosedOnlyWith(FakeClient client, Set<CloseCode> allowed) {
        CloseCode code = client.closedWith();
        assertTrue(code == null || allowed.contains(code), () -> "closed with " + code);
    }

    static String shortly(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "... (" + text.length() + " chars)";
    }
}
