package org.safehouse.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.safehouse.config.ConfigLoader;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ChatSession;
import org.safehouse.core.FrameBudget;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/**
 * One server for a fuzz case, driven without sockets, and the properties every answer must have: it is one of the
 * frames docs/PROTOCOL.md documents, an Error carries a documented code, no frame outgrows the frame budget, and a
 * connection is closed only with a code documented for what it did. A bystander sits in room "den" throughout; what
 * the fuzzed connection does must not reach it except as room traffic.
 */
final class FuzzHarness {
    /** Server frames by msgType (ServerName has none). */
    static final Set<String> SERVER_FRAMES = Set.of("Hello", "Joined", "Challenge", "History", "Ack", "Left",
            "Broadcast", "PrivateMessage", "Presence", "OnlineUsers", "Rooms", "Pong", "Error");
    static final Set<String> ERROR_CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::wireName)
            .collect(Collectors.toSet());

    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    final ChatServer server;
    final FrameBudget budget;
    final RecordingConnection bystander = new RecordingConnection("10.9.9.9");

    /**
     * @param ragnarokPassword whether the default room (Ragnarok's) has the password {@code ragnarok-pw}; without, any
     *                         password frame is accepted, and no Argon2 check slows the case down
     */
    FuzzHarness(boolean ragnarokPassword) {
        try {
            server = new ChatServer(new ConfigLoader(new Argon2PasswordHasher()).parse("""
                    {"server_password": %s,
                     "rooms": [{"name": "den"}, {"name": "vault", "password": "vault-pw"}],
                     "limits": {"messages_per_second": 100000, "message_burst": 100000, "max_text_chars": 200,
                                "outbound_queue_bytes": 16384}}""".formatted(ragnarokPassword ? "\"ragnarok-pw\"" : "null"),
                    "fuzz", Path.of(".")),
                    new InMemoryBroker(), new Argon2PasswordHasher(), clock);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        budget = FrameBudget.of(server.config().limits());
        ChatSession keeper = server.open(bystander, false);
        server.receive(keeper, "{\"msgType\":\"Join\",\"version\":1,\"room\":\"den\",\"nick\":\"keeper\"}");
        assertEquals(List.of("keeper"), server.members("den"));
        bystander.take();
    }

    /** Sends one frame; returns the answers, each checked. Any exception out of the server fails the case. */
    List<JsonObject> send(RecordingConnection connection, ChatSession session, String frame) {
        try {
            server.receive(session, frame);
        } catch (RuntimeException e) {
            throw new AssertionError("the server threw on " + shortly(frame), e);
        }
        return checked(connection.take());
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

    static void assertClosedOnlyWith(RecordingConnection connection, Set<CloseCode> allowed) {
        CloseCode code = connection.closedWith();
        assertTrue(code == null || allowed.contains(code), () -> "closed with " + code);
    }

    static String shortly(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "... (" + text.length() + " chars)";
    }
}
