package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.TestIdentity;

/**
 * What an embedding application observes through the {@link ChatEvents} port: each join, leave (however it happens)
 * and room message once, in the room's order; never a private message.
 */
class ChatEventsTest {
    final Recording events = new Recording();
    final ChatHarness harness = ChatHarness.start("{\"rooms\":[{\"name\":\"Lobby\",\"password\":\"lobby password\"}]}");

    ChatEventsTest() {
        harness.server().observe(events);
    }

    static final class Recording implements ChatEvents {
        final List<String> seen = new ArrayList<>();

        @Override
        public synchronized void joined(String room, String nick) {
            seen.add("joined " + room + " " + nick);
        }

        @Override
        public synchronized void left(String room, String nick) {
            seen.add("left " + room + " " + nick);
        }

        @Override
        public synchronized void message(String room, String nick, String text, long id) {
            seen.add("message " + room + " " + nick + ": " + text);
        }
    }

    @Test
    void joinsMessagesAndLeavesAreReportedOnceEachInOrder() {
        FakeClient alice = harness.connect("10.0.0.1");
        alice.join("Lobby", "Alice", "lobby password");
        FakeClient bob = harness.connect("10.0.0.2");
        bob.join("Lobby", "Bob", "lobby password");
        alice.send(ClientFrames.broadcast("Lobby", "hello Bob"));
        bob.send("{\"msgType\":\"PrivateMessage\",\"room\":\"Lobby\",\"TgtUser\":\"Alice\",\"text\":\"psst\"}");
        assertTrue(alice.take().stream().anyMatch(frame -> frame.contains("psst")), "the private message went");
        bob.leave("Lobby");
        alice.close();

        assertEquals(List.of("joined Lobby Alice", "joined Lobby Bob", "message Lobby Alice: hello Bob",
                "left Lobby Bob", "left Lobby Alice"), events.seen);
    }

    @Test
    void aSealedRoomsMessageIsNotReportedSinceItHasNoTextButItsMembersComingAndGoingAre() {
        TestIdentity keys = TestIdentity.create(TestIdentity.ED25519);
        FakeClient alice = harness.connect("10.0.0.1");
        alice.send(SealedFrames.create("vault", "alice", keys, "correct horse battery staple"));
        String challenge = alice.expect("Challenge").getString("challenge");
        alice.prove("vault", keys.sign(challenge, "vault", "alice"));
        alice.send(SealedFrames.broadcast("vault", "m1", "c2VhbGVkIHRleHQgYW5kIGl0cyB0YWc="));
        assertTrue(alice.take().stream().anyMatch(frame -> frame.contains("\"Ack\"")), "the message went");
        alice.close();

        assertEquals(List.of("joined vault alice", "left vault alice"), events.seen);
    }

    @Test
    void aRefusedJoinOrMessageReportsNothing() {
        FakeClient mallory = harness.connect("10.0.0.3");
        mallory.join("Lobby", "Mallory", "wrong password");
        mallory.send(ClientFrames.broadcast("Lobby", "not a member"));

        assertEquals(List.of(), events.seen);
    }

    @Test
    void membersTakenOutByTheServersWipeAreReportedAsLeaving() {
        FakeClient alice = harness.connect("10.0.0.1");
        alice.join("Lobby", "Alice", "lobby password");

        harness.server().operator().wipeAll("test");

        assertEquals(List.of("joined Lobby Alice", "left Lobby Alice"), events.seen);
    }
}
