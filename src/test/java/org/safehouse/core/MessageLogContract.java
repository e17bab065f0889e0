package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/**
 * The contract of {@link MessageLog}, for every implementation (STYLE habit 7): each extends this and says how to make
 * one over a clock. The room comes from a {@link RoomRegistry} built on the log, as the server builds it.
 */
abstract class MessageLogContract {
    protected final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final JsonCodec codec = new JsonCodec();
    private MessageLog log;
    private Room lobby;

    /** A fresh, empty log whose ids and timestamps follow {@code clock}. */
    protected abstract MessageLog newLog(MutableClock clock);

    @BeforeEach
    void start() throws Exception {
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).parse("{}", "test", Path.of("."));
        log = newLog(clock);
        RoomRegistry rooms = new RoomRegistry(config.rooms(), config.limits(), HistoryStore.NONE, RoomCatalog.NONE,
                log, new PresenceFlusher(config.limits().presenceIntervalMs(), FrameBudget.of(config.limits())));
        lobby = rooms.find("lobby");
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
    void anAppendedBroadcastIsNumberedKeptAndPublishedInIdOrder() {
        RecordingConnection member = new RecordingConnection("10.0.0.1");
        log.subscribe(lobby.topic(), member);
        ServerFrame.Broadcast first;
        ServerFrame.Broadcast second;
        synchronized (lobby) {
            first = log.append(lobby, "ann", "hello", Optional.of("ann\u0000c1"));
            clock.advance(5);
            second = log.append(lobby, "bob", "hi", Optional.empty());
        }
        assertTrue(second.id() > first.id());
        assertEquals(new ServerFrame.Broadcast(first.id(), "lobby", clock.millis() - 5, "ann", "hello"), first);
        assertEquals(clock.millis(), second.timestamp());
        assertEquals(List.of(codec.encode(first), codec.encode(second)), member.take(), "each encoded once, in order");
        synchronized (lobby) {
            assertEquals(List.of(first, second), lobby.history().newest(10).messages());
            assertEquals(Optional.of(first), lobby.history().byClientKey("ann\u0000c1"));
        }
        assertTrue(log.nextId() > second.id(), "private messages are numbered after the broadcasts before them");
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
        assertEquals(List.of(codec.encode(frame)), ann.take());
        assertEquals(List.of(), bob.take());
        log.unsubscribe("member/lobby/ann", ann);
        log.publish("member/lobby/ann", frame);
        assertEquals(List.of(), ann.take());
    }
}
