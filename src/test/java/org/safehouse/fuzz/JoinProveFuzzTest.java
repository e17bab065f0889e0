package org.safehouse.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.safehouse.testing.SealedFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.TestIdentity;

/**
 * Arbitrary sequences of Join, Prove, Leave, Broadcast and other frames, in any order and with any fields, on one
 * modern connection: every answer is a documented frame, the connection is never closed for it, the bystander in
 * "den" sees only room traffic, and when the connection goes nothing of it stays in any room.
 */
class JoinProveFuzzTest {
    private static final FuzzHarness HARNESS = new FuzzHarness(false);
    private static final AtomicInteger ADDRESSES = new AtomicInteger();
    private static final TestIdentity IDENTITY = TestIdentity.create(TestIdentity.ECDSA);
    private static final List<String> ROOMS = List.of("den", "DEN", "\uff44\uff45\uff4e", "vault", "lobby", "fresh",
            "Fresh", "", "bad\u0001room", "x".repeat(70), "\u202eroom");
    private static final List<String> NICKS = List.of("keeper", "Keeper", "\uff4b\uff45\uff45\uff50\uff45\uff52",
            "alice", "Alice", "p\u0430ypal", "", "\u202eevil", "a".repeat(40), "bob");

    /**
     * One step, as a frame template: {@code kind} picks the frame; the other fields fill it. A Prove with
     * {@code valid} signs the challenge last received for its room, as an honest client would.
     */
    record Step(String kind, String room, String nick, String password, String since, String epoch, String keys,
                boolean valid, String text) {
    }

    /** Replays one sequence of frames (raw texts, or steps rendered); shared with the corpus replay. */
    static void sequence(List<String> frames) {
        run(frames.stream().map(text -> new Step("raw", "", "", null, null, null, "none", false, text)).toList());
    }

    static void run(List<Step> steps) {
        FuzzHarness harness = HARNESS;
        harness.clock.advance(60_000);
        int n = ADDRESSES.incrementAndGet();
        FakeClient connection = harness.open("10.2." + (n / 250 % 250) + "." + (n % 250 + 1), false);
        Map<String, String> challenges = new HashMap<>();
        for (Step step : steps) {
            for (JsonObject answer : harness.send(connection, render(step, challenges))) {
                if ("Challenge".equals(answer.getString("msgType", ""))) {
                    challenges.put(answer.getString("room"), answer.getString("challenge"));
                }
            }
            FuzzHarness.assertClosedOnlyWith(connection, Set.of());
            harness.core.tickAfter(100);
            harness.assertBystanderUnaffected();
        }
        connection.close();
        harness.core.tickAfter(1000);
        harness.assertBystanderUnaffected();
        assertEquals(List.of("keeper"), harness.server.members("den"), "only the bystander stays in den");
        for (String room : List.of("vault", "lobby", "fresh")) {
            assertEquals(List.of(), harness.server.members(room), room);
        }
    }

    private static String render(Step step, Map<String, String> challenges) {
        JsonObjectBuilder frame = FuzzInputs.JSON.createObjectBuilder();
        switch (step.kind()) {
            case "raw":
                return step.text();
            case "Join":
                frame.add("msgType", "Join").add("version", 1).add("room", step.room()).add("nick", step.nick());
                if (step.password() != null) {
                    frame.add("password", step.password());
                }
                if (step.since() != null) {
                    frame.add("since", step.since());
                }
                if (step.epoch() != null) {
                    frame.add("epoch", step.epoch());
                }
                switch (step.keys()) {
                    case "valid" -> frame.add("keys", IDENTITY.keys());
                    case "garbage" -> frame.add("keys", FuzzInputs.JSON.createObjectBuilder().add("agreement", "AAAA")
                            .add("signing", step.text()).add("algorithm", "ECDSA-P256-SHA256"));
                    case "number" -> frame.add("keys", 5);
                    default -> { }
                }
                if (step.valid()) {
                    frame.add("requireEncryption", true);
                }
                if ("fresh".equals(step.room()) && step.valid()) { // creates a sealed room, or joins it
                    frame.add("sealed", SealedFrames.seal(SealedFrames.SALT));
                } else if ("garbage".equals(step.keys()) || "vault".equals(step.room()) && !step.valid()) {
                    frame.add("sealed", true);
                }
                return frame.build().toString();
            case "Prove":
                String challenge = challenges.get(step.room());
                String signature = step.valid() && challenge != null
                        ? IDENTITY.sign(challenge, step.room(), step.nick()) : step.text();
                return frame.add("msgType", "Prove").add("room", step.room()).add("signature", signature).build()
                        .toString();
            case "Leave":
                return frame.add("msgType", "Leave").add("room", step.room()).build().toString();
            case "Broadcast":
                frame.add("msgType", "Broadcast").add("room", step.room());
                if (step.valid()) {
                    return frame.add("text", step.text()).build().toString();
                }
                byte[] sealed = java.util.Arrays.copyOf(step.text().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        step.text().length() * 3 + 16); // as long as a tag at least
                return frame.add("clientMsgId", "c1").add("sealed", SealedFrames.body(
                        java.util.Base64.getEncoder().encodeToString(sealed))).build().toString();
            default:
                throw new IllegalArgumentException(step.kind());
        }
    }

    @Property(tries = 100)
    void anySequenceOfJoinsAndProofs(@ForAll("steps") List<Step> steps) {
        run(steps);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> kinds = Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just("Join")),
                Tuple.of(3, Arbitraries.just("Prove")), Tuple.of(1, Arbitraries.just("Leave")),
                Tuple.of(1, Arbitraries.just("Broadcast")), Tuple.of(1, Arbitraries.just("raw")));
        Arbitrary<String> passwords = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just((String) null)),
                Tuple.of(3, Arbitraries.just("")), Tuple.of(1, Arbitraries.just("vault-pw")),
                Tuple.of(1, Arbitraries.just("wrong")));
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.just((String) null), Arbitraries.of("0", "-1", "abc",
                "99999999999999999999", "9223372036854775807"), Arbitraries.longs().map(String::valueOf));
        Arbitrary<String> epochs = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.strings().ofMaxLength(70));
        Arbitrary<String> keys = Arbitraries.of("none", "none", "valid", "valid", "garbage", "number");
        Arbitrary<String> texts = Arbitraries.oneOf(FuzzInputs.texts(), FuzzInputs.anyText());
        Arbitrary<Step> step = Combinators.combine(kinds, Arbitraries.of(ROOMS), Arbitraries.of(NICKS), passwords,
                        ids, epochs, keys, Arbitraries.of(true, true, false))
                .flatAs((kind, room, nick, password, since, epoch, key, valid) -> texts.map(text ->
                        new Step(kind, room, nick, password, since, epoch, key, valid, text)));
        return step.list().ofMinSize(1).ofMaxSize(8);
    }
}
