package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/**
 * Password checks as a crowd meets them: queued on the password workers (here a {@link ManualExecutor}), fair across
 * address groups, shared and remembered for identical pairs, throttled per address group and room.
 */
class PasswordQueueTest {
    static final String VAULT = "{\"rooms\":[{\"name\":\"vault\",\"password\":\"right horse\"}]";
    final MutableClock clock = new MutableClock(1_800_000_000_000L);
    final ManualExecutor workers = new ManualExecutor();
    final CountingHasher hasher = new CountingHasher();
    ChatServer server = server(VAULT + "}");

    ChatServer server(String json) {
        try {
            SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).parse(json, "test", Path.of("."));
            return new ChatServer(config, new InMemoryBroker(), hasher, clock, HistoryStore.NONE, RoomCatalog.NONE,
                    workers);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    record Client(RecordingConnection connection, ChatSession session) {
    }

    Client open(String address) {
        RecordingConnection recording = new RecordingConnection(address);
        Client client = new Client(recording, server.open(recording, false));
        recording.take();
        return client;
    }

    static String join(String room, String nick, String password) {
        return "{\"msgType\":\"Join\",\"version\":1,\"room\":\"" + room + "\",\"nick\":\"" + nick + "\",\"password\":"
                + (password == null ? "null" : "\"" + password + "\"") + "}";
    }

    void send(Client client, String text) {
        server.receive(client.session, text);
    }

    static JsonObject only(Client client) {
        List<JsonObject> frames = client.connection.takeJson();
        assertEquals(1, frames.size(), () -> "expected one frame, got " + frames);
        return frames.get(0);
    }

    @Test
    void twentyRightPasswordsAtOnceAreAllAdmittedForOneArgon2Computation() {
        List<Client> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Client client = open("10.0.0.1");
            send(client, join("vault", "user" + i, "right horse"));
            assertEquals(List.of(), client.connection.take(), "nothing is refused while the check waits");
            crowd.add(client);
        }
        workers.runAll();
        for (Client client : crowd) {
            assertEquals("Joined", only(client).getString("msgType"));
        }
        assertEquals(1, hasher.verifies.get(), "identical checks in flight share one computation");
        assertEquals(20, server.members("vault").size());
    }

    @Test
    void aRememberedPairSkipsArgon2AndAnotherVerifierDoesNotMatchIt() {
        Client first = open("10.0.0.1");
        send(first, join("attic", "ann", "s3cret"));
        workers.runAll();
        assertEquals("Joined", only(first).getString("msgType"));
        assertEquals(1, hasher.hashes.get());
        Client again = open("10.0.0.2");
        send(again, join("attic", "bob", "s3cret"));
        assertEquals("Joined", only(again).getString("msgType"), "answered at once, without the workers");
        assertEquals(0, hasher.verifies.get(), "the creator's hash was remembered: no Argon2id for bob");
        send(first, "{\"msgType\":\"Leave\",\"room\":\"attic\"}");
        send(again, "{\"msgType\":\"Leave\",\"room\":\"attic\"}");
        first.connection.take();
        again.connection.take();
        // The room vanished (in-memory history); someone else re-creates it with another password.
        Client other = open("10.0.0.3");
        send(other, join("attic", "cat", "other"));
        workers.runAll();
        assertEquals("Joined", only(other).getString("msgType"));
        Client back = open("10.0.0.1");
        send(back, join("attic", "ann", "s3cret"));
        assertEquals(List.of(), back.connection.take(), "not taken from memory: the verifier changed");
        workers.runAll();
        assertEquals("wrong_password", only(back).getString("code"));
        assertEquals(1, hasher.verifies.get());
    }

    @Test
    void aFullQueueRefusesOnlyItsOwnAddressGroupAndGroupsTakeTurns() {
        server = server(VAULT + ",\"limits\":{\"password_check_queue_per_address\":3}}");
        Client busy = open("10.0.0.1");
        Client neighbour = open("2001:db8::1");
        for (int i = 0; i < 3; i++) {
            Client guess = open("10.0.0.1");
            send(guess, join("vault", "eve" + i, "guess" + i));
            assertEquals(List.of(), guess.connection.take());
        }
        send(busy, join("vault", "eve", "guess3"));
        JsonObject refused = only(busy);
        assertEquals("server_busy", refused.getString("code"), "its own group's queue is full");
        assertEquals(1000, refused.getJsonNumber("retryAfterMs").longValue());
        send(neighbour, join("vault", "ned", "right horse"));
        assertEquals(List.of(), neighbour.connection.take(), "a busy neighbour never causes a refusal");
        workers.runAll();
        assertEquals("Joined", only(neighbour).getString("msgType"));
        assertEquals(List.of("guess0", "right horse", "guess1", "guess2"), hasher.verified,
                "round-robin: the neighbour's one check runs second, not after all of 10.0.0.1's");
    }

    @Test
    void fiveAddressesGuessingWrongDoNotLockOutThirtyRightPasswords() {
        for (int address = 1; address <= 5; address++) {
            Client guesser = open("10.0.1." + address);
            for (int guess = 0; guess < 10; guess++) {
                send(guesser, join("vault", "eve", "guess" + guess));
                workers.runAll();
                guesser.connection.take();
            }
            send(guesser, join("vault", "eve", "guess-more"));
            assertEquals("throttled", only(guesser).getString("code"), "each guesser is throttled itself");
        }
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            Client client = open("10.0.2." + (i + 1));
            send(client, join("vault", "user" + i, "right horse"));
            workers.runAll();
            if ("Joined".equals(only(client).getString("msgType"))) {
                admitted++;
            }
        }
        assertEquals(30, admitted, "other addresses' wrong guesses lock out no right password");
    }

    @Test
    void aGuessingAddressIsThrottledPerRoomAndTheRoomGuardStopsOnlyAddressesThatFailedThere() {
        server = server(VAULT + ",\"limits\":{\"wrong_password_burst_per_address\":2,"
                + "\"wrong_passwords_per_minute_per_address\":6,\"wrong_password_burst_per_room\":3}}");
        Client eve = open("10.0.0.1");
        for (int i = 0; i < 2; i++) {
            send(eve, join("vault", "eve", "guess" + i));
            workers.runAll();
            assertEquals("wrong_password", only(eve).getString("code"));
        }
        send(eve, join("vault", "eve", "right horse"));
        JsonObject throttled = only(eve);
        assertEquals("throttled", throttled.getString("code"));
        assertEquals(10_000, throttled.getJsonNumber("retryAfterMs").longValue());
        Client mallory = open("10.0.0.2");
        send(mallory, join("vault", "mal", "guess9"));
        workers.runAll();
        assertEquals("wrong_password", only(mallory).getString("code"), "room burst (3) now used up");
        send(mallory, join("vault", "mal", "guess10"));
        assertEquals("throttled", only(mallory).getString("code"), "the room guard stops a group that failed");
        Client alice = open("10.0.0.3");
        send(alice, join("vault", "alice", "right horse"));
        workers.runAll();
        assertEquals("Joined", only(alice).getString("msgType"), "but never one that did not");
    }

    @Test
    void aJoinWaitingForItsCheckOutlastsTheJoinTimeoutWithinItsOwnBound() {
        Client waiting = open("10.0.0.1");
        Client idle = open("10.0.0.2");
        send(waiting, join("vault", "ann", "right horse"));
        send(waiting, join("vault", "ann", "right horse"));
        assertEquals("already_joined", only(waiting).getString("code"), "the same join again, while it waits");
        clock.advance(11_000);
        server.tick();
        assertEquals(CloseCode.JOIN_TIMEOUT, idle.connection.closedWith());
        assertNull(waiting.connection.closedWith(), "a join waiting for its password check is not timed out");
        clock.advance(60_000);
        server.tick();
        assertEquals(CloseCode.JOIN_TIMEOUT, waiting.connection.closedWith(), "but only within its own bound");
        workers.runAll();
        assertEquals("server_busy", only(waiting).getString("code"), "a check that waited too long is not run");
        assertEquals(0, hasher.verifies.get());
    }

    @Test
    void aPasswordLongerThanAnyAllowedIsWrongWithoutQueueingOrHashing() {
        Client eve = open("10.0.0.1");
        send(eve, join("vault", "eve", "x".repeat(1025)));
        assertEquals("wrong_password", only(eve).getString("code"));
        send(eve, join("cellar", "eve", "x".repeat(1025)));
        assertEquals("bad_field", only(eve).getString("code"), "nor can a room be created with one");
        assertEquals(0, workers.runAll());
        assertEquals(0, hasher.verifies.get() + hasher.hashes.get());
    }

    @Test
    void aCheckWhoseConnectionClosedIsSkipped() {
        Client gone = open("10.0.0.1");
        send(gone, join("vault", "ann", "right horse"));
        server.closed(gone.session);
        workers.runAll();
        assertEquals(List.of(), gone.connection.take());
        assertEquals(0, hasher.verifies.get());
        assertEquals(List.of(), server.members("vault"));
    }

    @Test
    void aRagnarokNicknameSentDuringTheCheckIsTakenOnceThePasswordPasses() {
        server = server("{\"server_password\":\"963\"}");
        RecordingConnection recording = new RecordingConnection("10.0.0.9");
        ChatSession session = server.open(recording, true);
        server.receive(session, "963");
        server.receive(session, "john");
        server.receive(session, "{\"msgType\":\"Broadcast\",\"text\":\"too early\"}");
        assertEquals("not_in_room", recording.takeJson().get(0).getString("code"));
        workers.runAll();
        List<String> frames = recording.take();
        assertTrue(frames.get(frames.size() - 1).contains("\"OnlineUsers\""), frames.toString());
        assertEquals(List.of("john"), server.members("lobby"));
        assertNull(recording.closedWith());
    }

    @Test
    void aRagnarokConnectionCannotJoinARoomThatRequiresEncryption() {
        server = server("{\"rooms\":[{\"name\":\"lobby\",\"require_encryption\":true}]}");
        RecordingConnection recording = new RecordingConnection("10.0.0.9");
        ChatSession session = server.open(recording, true);
        server.receive(session, "anything");
        assertEquals("keys_required", recording.takeJson().get(0).getString("code"));
        assertEquals(CloseCode.LEGACY_AUTH_FAILED, recording.closedWith());
    }
}
