package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.MutableClock;

/**
 * Password checks as a crowd meets them: queued on the password workers (here a {@link ManualExecutor}), fair across
 * address groups, shared and remembered for identical pairs, throttled per address group and room.
 */
class PasswordQueueTest {
    static final String VAULT = "{\"rooms\":[{\"name\":\"vault\",\"password\":\"right horse\"}]";
    final ManualExecutor workers = new ManualExecutor();
    final CountingHasher hasher = new CountingHasher();
    ChatHarness harness;
    MutableClock clock;
    ChatServer server;

    PasswordQueueTest() {
        server(VAULT + "}");
    }

    /** Replaces the core with one of this configuration, on a clock of its own. */
    void server(String json) {
        harness = ChatHarness.with(json).passwordChecks(hasher, workers).start();
        clock = harness.clock();
        server = harness.server();
    }

    FakeClient open(String address) {
        return harness.connect(address);
    }

    @Test
    void twentyRightPasswordsAtOnceAreAllAdmittedForOneArgon2Computation() {
        List<FakeClient> crowd = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeClient client = open("10.0.0.1");
            client.send(ClientFrames.join("vault", "user" + i, "right horse"));
            assertEquals(List.of(), client.connection().take(), "nothing is refused while the check waits");
            crowd.add(client);
        }
        workers.runAll();
        for (FakeClient client : crowd) {
            assertEquals("Joined", client.only().getString("msgType"));
        }
        assertEquals(1, hasher.verifies.get(), "identical checks in flight share one computation");
        assertEquals(20, server.members("vault").size());
    }

    @Test
    void aRememberedPairSkipsArgon2AndAnotherVerifierDoesNotMatchIt() {
        FakeClient first = open("10.0.0.1");
        first.send(ClientFrames.join("attic", "ann", "s3cret"));
        workers.runAll();
        assertEquals("Joined", first.only().getString("msgType"));
        assertEquals(1, hasher.hashes.get());
        FakeClient again = open("10.0.0.2");
        again.send(ClientFrames.join("attic", "bob", "s3cret"));
        assertEquals("Joined", again.only().getString("msgType"), "answered at once, without the workers");
        assertEquals(0, hasher.verifies.get(), "the creator's hash was remembered: no Argon2id for bob");
        first.send("{\"msgType\":\"Leave\",\"room\":\"attic\"}");
        again.send("{\"msgType\":\"Leave\",\"room\":\"attic\"}");
        first.connection().take();
        again.connection().take();
        // The room vanished (in-memory history); someone else re-creates it with another password.
        FakeClient other = open("10.0.0.3");
        other.send(ClientFrames.join("attic", "cat", "other"));
        workers.runAll();
        assertEquals("Joined", other.only().getString("msgType"));
        FakeClient back = open("10.0.0.1");
        back.send(ClientFrames.join("attic", "ann", "s3cret"));
        assertEquals(List.of(), back.connection().take(), "not taken from memory: the verifier changed");
        workers.runAll();
        assertEquals("wrong_password", back.only().getString("code"));
        assertEquals(1, hasher.verifies.get());
    }

    @Test
    void aFullQueueRefusesOnlyItsOwnAddressGroupAndGroupsTakeTurns() {
        server(VAULT + ",\"limits\":{\"password_check_queue_per_address\":3}}");
        FakeClient busy = open("10.0.0.1");
        FakeClient neighbour = open("2001:db8::1");
        for (int i = 0; i < 3; i++) {
            FakeClient guess = open("10.0.0.1");
            guess.send(ClientFrames.join("vault", "eve" + i, "guess" + i));
            assertEquals(List.of(), guess.connection().take());
        }
        busy.send(ClientFrames.join("vault", "eve", "guess3"));
        JsonObject refused = busy.only();
        assertEquals("server_busy", refused.getString("code"), "its own group's queue is full");
        assertEquals(1000, refused.getJsonNumber("retryAfterMs").longValue());
        neighbour.send(ClientFrames.join("vault", "ned", "right horse"));
        assertEquals(List.of(), neighbour.connection().take(), "a busy neighbour never causes a refusal");
        workers.runAll();
        assertEquals("Joined", neighbour.only().getString("msgType"));
        assertEquals(List.of("guess0", "right horse", "guess1", "guess2"), hasher.verified,
                "round-robin: the neighbour's one check runs second, not after all of 10.0.0.1's");
    }

    @Test
    void fiveAddressesGuessingWrongDoNotLockOutThirtyRightPasswords() {
        for (int address = 1; address <= 5; address++) {
            FakeClient guesser = open("10.0.1." + address);
            for (int guess = 0; guess < 10; guess++) {
                guesser.send(ClientFrames.join("vault", "eve", "guess" + guess));
                workers.runAll();
                guesser.connection().take();
            }
            guesser.send(ClientFrames.join("vault", "eve", "guess-more"));
            assertEquals("throttled", guesser.only().getString("code"), "each guesser is throttled itself");
        }
        int admitted = 0;
        for (int i = 0; i < 30; i++) {
            FakeClient client = open("10.0.2." + (i + 1));
            client.send(ClientFrames.join("vault", "user" + i, "right horse"));
            workers.runAll();
            if ("Joined".equals(client.only().getString("msgType"))) {
                admitted++;
            }
        }
        assertEquals(30, admitted, "other addresses' wrong guesses lock out no right password");
    }

    @Test
    void aGuessingAddressIsThrottledPerRoomAndTheRoomGuardStopsOnlyAddressesThatFailedThere() {
        server(VAULT + ",\"limits\":{\"wrong_password_burst_per_address\":2,"
                + "\"wrong_passwords_per_minute_per_address\":6,\"wrong_password_burst_per_room\":3}}");
        FakeClient eve = open("10.0.0.1");
        for (int i = 0; i < 2; i++) {
            eve.send(ClientFrames.join("vault", "eve", "guess" + i));
            workers.runAll();
            assertEquals("wrong_password", eve.only().getString("code"));
        }
        eve.send(ClientFrames.join("vault", "eve", "right horse"));
        JsonObject throttled = eve.only();
        assertEquals("throttled", throttled.getString("code"));
        assertEquals(10_000, throttled.getJsonNumber("retryAfterMs").longValue());
        FakeClient mallory = open("10.0.0.2");
        mallory.send(ClientFrames.join("vault", "mal", "guess9"));
        workers.runAll();
        assertEquals("wrong_password", mallory.only().getString("code"), "room burst (3) now used up");
        mallory.send(ClientFrames.join("vault", "mal", "guess10"));
        assertEquals("throttled", mallory.only().getString("code"), "the room guard stops a group that failed");
        FakeClient alice = open("10.0.0.3");
        alice.send(ClientFrames.join("vault", "alice", "right horse"));
        workers.runAll();
        assertEquals("Joined", alice.only().getString("msgType"), "but never one that did not");
    }

    @Test
    void aJoinWaitingForItsCheckOutlastsTheJoinTimeoutWithinItsOwnBound() {
        FakeClient waiting = open("10.0.0.1");
        FakeClient idle = open("10.0.0.2");
        waiting.send(ClientFrames.join("vault", "ann", "right horse"));
        waiting.send(ClientFrames.join("vault", "ann", "right horse"));
        assertEquals("already_joined", waiting.only().getString("code"), "the same join again, while it waits");
        harness.tickAfter(11_000);
        assertEquals(CloseCode.JOIN_TIMEOUT, idle.connection().closedWith());
        assertNull(waiting.connection().closedWith(), "a join waiting for its password check is not timed out");
        harness.tickAfter(60_000);
        assertEquals(CloseCode.JOIN_TIMEOUT, waiting.connection().closedWith(), "but only within its own bound");
        workers.runAll();
        assertEquals("server_busy", waiting.only().getString("code"), "a check that waited too long is not run");
        assertEquals(0, hasher.verifies.get());
    }

    @Test
    void aPasswordLongerThanAnyAllowedIsWrongWithoutQueueingOrHashing() {
        FakeClient eve = open("10.0.0.1");
        eve.send(ClientFrames.join("vault", "eve", "x".repeat(1025)));
        assertEquals("wrong_password", eve.only().getString("code"));
        eve.send(ClientFrames.join("cellar", "eve", "x".repeat(1025)));
        assertEquals("bad_field", eve.only().getString("code"), "nor can a room be created with one");
        assertEquals(0, workers.runAll());
        assertEquals(0, hasher.verifies.get() + hasher.hashes.get());
    }

    @Test
    void aCheckWhoseConnectionClosedIsSkipped() {
        FakeClient gone = open("10.0.0.1");
        gone.send(ClientFrames.join("vault", "ann", "right horse"));
        server.closed(gone.session());
        workers.runAll();
        assertEquals(List.of(), gone.connection().take());
        assertEquals(0, hasher.verifies.get());
        assertEquals(List.of(), server.members("vault"));
    }

    @Test
    void aRagnarokNicknameSentDuringTheCheckIsTakenOnceThePasswordPasses() {
        server("{\"server_password\":\"963\"}");
        FakeClient old = harness.ragnarok("10.0.0.9", "963", "john");
        old.send("{\"msgType\":\"Broadcast\",\"text\":\"too early\"}");
        assertEquals("not_in_room", old.takeJson().get(0).getString("code"));
        workers.runAll();
        List<String> frames = old.take();
        assertTrue(frames.get(frames.size() - 1).contains("\"OnlineUsers\""), frames.toString());
        assertEquals(List.of("john"), server.members("lobby"));
        assertNull(old.closedWith());
    }

    @Test
    void aRagnarokConnectionCannotJoinARoomThatRequiresEncryption() {
        server("{\"rooms\":[{\"name\":\"lobby\",\"require_encryption\":true}]}");
        FakeClient old = harness.open("10.0.0.9", true);
        old.send("anything");
        assertEquals("keys_required", old.takeJson().get(0).getString("code"));
        assertEquals(CloseCode.LEGACY_AUTH_FAILED, old.closedWith());
    }
}
