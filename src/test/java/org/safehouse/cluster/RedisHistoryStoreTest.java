package org.safehouse.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.safehouse.config.ClusterConfig;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.Limits;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.RoomLogBus;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.testing.Eventually;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RedisServerProcess;

/**
 * {@link RedisHistoryStore} reads back what {@link RedisRoomLogBus} kept in a real redis-server: the epoch, the newest
 * messages within the count and age limits, where the window begins, and nothing after a drop or a purge; and what it
 * kept survives a Redis restart (append-only file).
 */
class RedisHistoryStoreTest {
    private static RedisServerProcess redis;
    private final MutableClock clock = new MutableClock(1_800_000_000_000L);
    private final List<RoomLogBus.Message> heard = Collections.synchronizedList(new ArrayList<>());
    private RedisCluster cluster;
    private RedisRoomLogBus bus;
    private RedisHistoryStore store;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @BeforeEach
    void connect() throws Exception {
        Limits limits = new ConfigLoader(new Argon2PasswordHasher()).parse(
                "{\"limits\": {\"history_messages\": 3, \"history_max_age_seconds\": 60}}", "test", Path.of("."))
                .limits();
        cluster = RedisCluster.connect(new ClusterConfig(redis.url(), "h" + UUID.randomUUID().toString()
                .substring(0, 8) + ":", Duration.ofMillis(200), Duration.ofMillis(5000), Duration.ofSeconds(5),
                OptionalInt.empty()), Clock.systemUTC());
        bus = new RedisRoomLogBus(cluster, clock);
        bus.listen(new RoomLogBus.Listener() {
            @Override
            public void message(RoomLogBus.Message message) {
                heard.add(message);
            }

            @Override
            public void frame(String topic, String encodedFrame) {
            }
        });
        store = new RedisHistoryStore(cluster, limits, clock, RedisHistoryStore.PrivatePart.NONE);
        cluster.start();
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    private long post(String room, String text) {
        int before = heard.size();
        bus.append(new RoomLogBus.Posted(room, "room/" + room, clock.millis(), "ann", text,
                Optional.of("ann\u0000" + text), "o", 3, 60_000), new RoomLogBus.AppendOutcome() {
                    @Override
                    public void duplicate(long id, long timestamp) {
                    }

                    @Override
                    public void failed(String reason) {
                        throw new AssertionError(reason);
                    }
                });
        Eventually.within(30, "message " + text + " heard", () -> heard.size() > before);
        return heard.get(heard.size() - 1).id();
    }

    private static List<String> texts(HistoryStore.StoredRoom room) {
        return room.messages().stream().map(m -> m.message().text()).toList();
    }

    @Test
    void aRoomNeverStartedIsUnknownAndAStartedOneKeepsItsEpochEvenEmpty() {
        assertEquals(Optional.empty(), store.load("den"));
        store.startRoom("den", "e1");
        HistoryStore.StoredRoom den = store.load("den").orElseThrow();
        assertEquals("e1", den.epoch());
        assertEquals(List.of(), den.messages());
        assertEquals(-1, den.evictedThrough());
    }

    @Test
    void loadGivesTheNewestWithinTheCountWithClientKeysAndSaysWhereTheWindowBegins() {
        store.startRoom("den", "e1");
        List<Long> ids = new ArrayList<>();
        for (String text : List.of("a", "b", "c", "d", "e")) {
            ids.add(post("den", text));
            clock.advance(1);
        }
        HistoryStore.StoredRoom den = store.load("den").orElseThrow();
        assertEquals(List.of("c", "d", "e"), texts(den));
        assertEquals(ids.subList(2, 5), den.messages().stream().map(m -> m.message().id()).toList());
        assertEquals(Optional.of("ann\u0000c"), den.messages().get(0).clientKey());
        assertEquals(ids.get(1), den.evictedThrough(), "a resume from before c is incomplete");
    }

    @Test
    void messagesOlderThanTheAgeLimitAreNotLoaded() {
        store.startRoom("den", "e1");
        long old = post("den", "old");
        clock.advance(61_000);
        post("den", "new");
        HistoryStore.StoredRoom den = store.load("den").orElseThrow();
        assertEquals(List.of("new"), texts(den));
        assertEquals(old, den.evictedThrough());
    }

    @Test
    void startingAgainDroppingAndPurgingLeaveNothingOfTheEarlierHistory() {
        store.startRoom("den", "e1");
        store.startRoom("attic", "a1");
        post("den", "a");
        post("attic", "b");
        store.startRoom("den", "e2");
        assertEquals(List.of(), texts(store.load("den").orElseThrow()));
        assertEquals("e2", store.load("den").orElseThrow().epoch());
        store.dropRoom("den");
        assertEquals(Optional.empty(), store.load("den"));
        store.purgeAll();
        assertEquals(Optional.empty(), store.load("attic"));
    }

    @Test
    void whatWasKeptSurvivesARedisRestart() throws Exception {
        store.startRoom("den", "e1");
        post("den", "kept");
        redis.restart();
        Eventually.within(60, "Redis back", cluster::healthy);
        HistoryStore.StoredRoom den = store.load("den").orElseThrow();
        assertEquals(List.of("kept"), texts(den));
        assertTrue(store.acceptsNewMessages());
    }
}
