package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.RoomPassword;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ServerFrame;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RecordingConnection;

/**
 * Entering and leaving are the room's: a member is subscribed to the room's frames, its presence and its private
 * messages exactly while it is a member, however it goes (Leave, close), and its presence changes reach the others at
 * the next flush.
 */
class RoomEnterLeaveTest {
    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final InMemoryBroker broker = new InMemoryBroker();
    private final ChatServer server = new ChatServer(config(), broker, new Argon2PasswordHasher(), clock);
    private final JsonCodec codec = new JsonCodec();

    private static SafehouseConfig config() {
        try {
            return new ConfigLoader(new Argon2PasswordHasher()).parse("{}", "test", Path.of("."));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ChatSession join(RecordingConnection connection, String room, String nick) {
        ChatSession session = server.open(connection, false);
        server.receive(session, Json.createObjectBuilder().add("msgType", "Join").add("version", 1)
                .add("room", room).add("nick", nick).build().toString());
        return session;
    }

    private List<Integer> subscriptions(String roomKey, String nickKey) {
        return List.of(broker.localSubscribers(Topics.room(roomKey)), broker.localSubscribers(Topics.presence(roomKey)),
                broker.localSubscribers(Topics.member(roomKey, nickKey)));
    }

    @Test
    void aMemberIsSubscribedExactlyWhileItIsInTheRoom() {
        RecordingConnection ann = new RecordingConnection("10.0.0.1");
        ChatSession annSession = join(ann, "lobby", "Ann");
        RecordingConnection bob = new RecordingConnection("10.0.0.2");
        ChatSession bobSession = join(bob, "lobby", "Bob");
        assertEquals(List.of(2, 2, 1), subscriptions("lobby", "ann"));

        server.receive(annSession, "{\"msgType\":\"Leave\",\"room\":\"lobby\"}");
        assertEquals(List.of(1, 1, 0), subscriptions("lobby", "ann"));
        server.closed(bobSession);
        assertEquals(List.of(0, 0, 0), subscriptions("lobby", "bob"));
        assertEquals(List.of(), server.members("lobby"));
    }

    @Test
    void presenceChangesReachTheOthersAtTheNextFlushCoalesced() {
        RecordingConnection ann = new RecordingConnection("10.0.0.1");
        join(ann, "lobby", "Ann");
        server.tick(); // Ann's own join
        ann.take();
        RecordingConnection bob = new RecordingConnection("10.0.0.2");
        ChatSession bobSession = join(bob, "lobby", "Bob");
        RecordingConnection cy = new RecordingConnection("10.0.0.3");
        join(cy, "lobby", "Cy");
        server.closed(bobSession);
        clock.advance(config().limits().presenceIntervalMs());
        server.tick();
        assertEquals(List.of(codec.encode(new ServerFrame.Presence("lobby", List.of("Cy"), List.of("Bob"),
                java.util.Map.of()))), ann.take());
    }

    @Test
    void aRemovedRoomLetsNobodyIn() throws ChatError {
        SafehouseConfig config = config();
        MessageLog log = new InMemoryMessageLog(new Snowflakes(clock, 0), clock, broker, codec);
        RoomRegistry rooms = new RoomRegistry(config.rooms(), config.limits(), HistoryStore.NONE, RoomCatalog.NONE,
                log, new PresenceFlusher(0, FrameBudget.of(config.limits())));
        Room attic = rooms.newRoom(new Room.Settings("attic", "attic", "attic", RoomPassword.NONE,
                RoomRules.DEFAULT, false, false, Optional.empty()));
        rooms.putIfAbsentAndStart(attic);
        rooms.dropIfEmpty(attic);
        RecordingConnection ann = new RecordingConnection("10.0.0.1");
        ChatSession session = new ChatSession(ann, false, new TokenBucket(1, 1, 0), 0);
        assertNull(attic.enter(session, "Ann", Optional.empty(), false, (member, users) -> { }));
        assertEquals(0, broker.localSubscribers(Topics.room("attic")));
    }
}
