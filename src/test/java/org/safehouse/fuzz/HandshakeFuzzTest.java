package org.safehouse.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.Names;
import org.safehouse.testing.FakeClient;

/**
 * Ragnarok's handshake (password frame, nickname frame, then frames) with arbitrary frames: answers are documented
 * frames, a refusal closes with 4005 or 4006 only, the right password and an acceptable name always get in, and the
 * bystander in another room never notices.
 */
class HandshakeFuzzTest {

    /**
     * One server for every case (its config hashes a room password with Argon2, too slow to repeat per case), whose
     * default room has no password: any password frame gets in, so the property below holds for every case and no
     * Argon2 check slows the run. Wrong passwords (4005) are covered by ChatServerTest.
     */
    private static final FuzzHarness HARNESS = new FuzzHarness(false);
    private static final java.util.concurrent.atomic.AtomicInteger ADDRESSES = new java.util.concurrent.atomic.AtomicInteger();

    /** Replays one handshake; shared with the corpus replay. */
    static void handshake(List<String> frames) {
        FuzzHarness harness = HARNESS;
        harness.clock.advance(60_000); // throttles refill: earlier cases' wrong passwords do not count here
        int n = ADDRESSES.incrementAndGet();
        FakeClient connection = harness.open("10.1." + (n / 250 % 250) + "." + (n % 250 + 1), true);
        List<JsonObject> afterName = List.of();
        for (int i = 0; i < frames.size() && connection.closedWith() == null; i++) {
            List<JsonObject> answers = harness.send(connection, frames.get(i));
            if (i == 1) {
                afterName = answers;
            }
            FuzzHarness.assertClosedOnlyWith(connection,
                    Set.of(CloseCode.LEGACY_AUTH_FAILED, CloseCode.LEGACY_NAME_REFUSED));
        }
        if (frames.size() >= 2 && Names.nickname(frames.get(1)).ok()) {
            assertNull(connection.closedWith(), "an acceptable name in an open room always gets in");
            String nick = Names.nickname(frames.get(1)).value();
            assertEquals(Set.of("ServerName", "OnlineUsers"), Set.of(
                    afterName.get(0).containsKey("ServerName") ? "ServerName" : "?",
                    afterName.get(1).getString("msgType", "?")), afterName.toString());
            assertTrue(harness.server.members("lobby").contains(nick));
        }
        connection.close();
        harness.core.tickAfter(1000);
        harness.assertBystanderUnaffected();
        assertEquals(List.of(), harness.server.members("lobby"), "nothing of the connection stays behind");
    }

    @Property(tries = 200)
    void anyFirstFrames(@ForAll("passwords") String password, @ForAll("names") String nick,
                        @ForAll("frames") List<String> then) {
        List<String> frames = new java.util.ArrayList<>(List.of(password, nick));
        frames.addAll(then);
        handshake(frames);
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.just("ragnarok-pw")),
                net.jqwik.api.Tuple.of(1, FuzzInputs.anyText()));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(FuzzInputs.texts(), FuzzInputs.anyText());
    }

    @Provide
    Arbitrary<List<String>> frames() {
        return FuzzInputs.anyText().list().ofMaxSize(4);
    }
}
