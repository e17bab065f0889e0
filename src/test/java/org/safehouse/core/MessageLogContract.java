package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.RoomEventKind;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/**
 * The contract of {@link MessageLog}, for every implementation (STYLE habit 7): each extends this and says how to make
 * one over a clock. The room comes from a {@link RoomRegistry} built on the log, as the server builds it. Outcomes
 * and deliveries are waited for (with a deadline): one node's log answers at once, a cluster's after Redis did.
 */
abstract class MessageLogContract {
    protected final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final JsonCodec codec = new JsonCodec();
    private MessageLog log;
    private Room lobby;

    /** A fresh, empty log whose ids and timestamps follow {@code clock}. */
    protected abstract MessageLog newLog(MutableClock clock);

    /** Lets a log find the rooms it feeds (a cluster's log does); after the registry is built on it. */
    protected void attach(MessageLog log, RoomRegistry rooms) {
    }

    /** Frees what {@link #newLog} took. */
    protected void release() throws Exception {
    }

    @BeforeEach
    void start() throws Exception {
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).parse("{}", "test", Path.of("."));
        log = newLog(clock);
        RoomRegistry rooms = new RoomRegistry(config.rooms(), config.limits(), HistoryStore.NONE, RoomCatalog.NONE,
                log, new PresenceFlusher(config.limits().presenceIntervalMs(), FrameBudget.of(config.limits())));
        attach(log, rooms);
        lobby = rooms.find("lobby");
    }

    @AfterEach
    void stop() throws Exception {
        release();
    }

    /** Records the one outcome of an append. */
    static final class Outcome implements MessageLog.Appended {
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile ServerFrame.Broadcast message;

        @Override
        public void appended(ServerFrame.Broadcast kept) {
            message = kept;
            calls.add("appended");
        }

        @Override
        public void resent(ServerFrame.Broadcast earlier) {
            message = earlier;
            calls.add("resent");
        }

        @Override
        public void failed(ChatError error) {
            calls.add("failed " + error.code());
        }

        ServerFrame.Broadcast awaited() {
            Eventually.within(30, "an outcome", () -> !calls.isEmpty());
            return message;
        }
    }

    private static List<String> received(RecordingConnection member, int count) {
        List<String> frames = Collections.synchronizedList(new ArrayList<>());
        Eventually.within(30, count + " frames", () -> {
            frames.addAll(member.take());
            return frames.size() >= count;
        });
        return frames;
    }

    private ServerFrame.Broadcast append(String sender, String text, Optional<String> clientKey, Outcome outcome) {
        synchronized (lobby) {
            log.append(lobby, sender, text, clientKey, outcome);
        }
        return outcome.awaited();
    }

    @Test
    void idsGrowAndNeverRepeatEvenWithinOneMillisecond() {
        long previous = log.nextId();
        for (int i = 0; i < 10_000; i++) {
            long next = log.nextId();
            assertTrue(next > previous, next + " after " + previous);
            previous = next;
        }
    }

    @Test
    void anAppendedBroadcastIsNumberedKeptAndPublishedInIdOrderBeforeItsSenderHears() {
        RecordingConnection member = new RecordingConnection("10.0.0.1");
        log.subscribe(lobby.topic(), member);
        Outcome firstOutcome = new Outcome();
        ServerFrame.Broadcast first = append("ann", "hello", Optional.of("ann\u0000c1"), firstOutcome);
        List<String> echoed = new ArrayList<>(member.take());
        clock.advance(5);
        ServerFrame.Broadcast second = append("bob", "hi", Optional.empty(), new Outcome());
        assertEquals(List.of("appended"), firstOutcome.calls);
        assertEquals(List.of(codec.encode(first)), echoed, "the echo is out before the sender hears");
        assertTrue(second.id() > first.id());
        assertEquals(new ServerFrame.Broadcast(first.id(), "lobby", clock.millis() - 5, "ann", "hello"), first);
        assertEquals(clock.millis(), second.timestamp());
        assertEquals(List.of(codec.encode(second)), received(member, 1), "each encoded once, in order");
        synchronized (lobby) {
            assertEquals(List.of(first, second), lobby.history().newest(10).messages());
            assertEquals(Optional.of(first), lobby.history().byClientKey("ann\u0000c1"));
        }
    }

    @Test
    void aResendIsRecognisedByItsClientKeyAndNotDeliveredAgain() {
        RecordingConnection member = new RecordingConnection("10.0.0.1");
        log.subscribe(lobby.topic(), member);
        ServerFrame.Broadcast first = append("ann", "hello", Optional.of("ann\u0000c1"), new Outcome());
        Outcome again = new Outcome();
        ServerFrame.Broadcast earlier = append("ann", "hello", Optional.of("ann\u0000c1"), again);
        ServerFrame.Broadcast other = append("bob", "hello", Optional.of("bob\u0000c1"), new Outcome());
        assertEquals(List.of("resent"), again.calls);
        assertEquals(first, earlier);
        assertEquals(List.of(codec.encode(first), codec.encode(other)), received(member, 2),
                "another sender's same client id is another message");
    }

    @Test
    void aNumberedFrameTakesTheNextIdOfTheRoomsOrderWithoutBeingKept() {
        RecordingConnection member = new RecordingConnection("10.0.0.1");
        log.subscribe(lobby.topic(), member);
        ServerFrame.Broadcast before = append("ann", "one", Optional.empty(), new Outcome());
        synchronized (lobby) {
            log.publishNumbered(lobby, id -> new ServerFrame.RoomEvent("lobby", id, 7, RoomEventKind.SETTINGS,
                    "ann", Optional.empty(), Optional.empty(), java.util.OptionalLong.empty()));
        }
        ServerFrame.Broadcast after = append("ann", "two", Optional.empty(), new Outcome());
        List<String> frames = received(member, 3);
        long eventId = Long.parseLong(org.safehouse.testing.WsTestClient.parse(frames.get(1)).getString("id"));
        assertTrue(before.id() < eventId && eventId < after.id(), before.id() + " < " + eventId + " < " + after.id());
        assertEquals(codec.encode(new ServerFrame.RoomEvent("lobby", eventId, 7, RoomEventKind.SETTINGS, "ann",
                Optional.empty(), Optional.empty(), java.util.OptionalLong.empty())), frames.get(1));
        synchronized (lobby) {
            assertEquals(List.of(before, after), lobby.history().newest(10).messages());
        }
    }

    @Test
    void aPublishReachesTheTopicsSubscribersUntilTheyUnsubscribe() {
        RecordingConnection ann = new RecordingConnection("10.0.0.1");
        RecordingConnection bob = new RecordingConnection("10.0.0.2");
        log.subscribe("member/lobby/ann", ann);
        log.subscribe("member/lobby/ann", ann); // twice is once
        log.subscribe("member/lobby/bob", bob);
        ServerFrame.Pong frame = new ServerFrame.Pong(Optional.of("t"));
        log.publish("member/lobby/ann", frame);
        log.publish("member/lobby/bob", new ServerFrame.Pong(Optional.of("b")));
        assertEquals(List.of(codec.encode(frame)), received(ann, 1));
        received(bob, 1);
        log.unsubscribe("member/lobby/ann", ann);
        log.publish("member/lobby/ann", frame);
        log.publish("member/lobby/bob", frame);
        received(bob, 1); // published after the one to ann, so ann's would have arrived by now
        assertEquals(List.of(), ann.take());
    }
}
