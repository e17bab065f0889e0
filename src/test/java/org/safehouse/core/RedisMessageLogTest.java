package org.safehouse.core;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.safehouse.cluster.RedisCluster;
import org.safehouse.cluster.RedisRoomLogBus;
import org.safehouse.config.ClusterConfig;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.testing.MutableClock;
import org.safehouse.testing.RedisServerProcess;

/** {@link ClusteredMessageLog} over {@link RedisRoomLogBus} and a real redis-server, against the contract. */
class RedisMessageLogTest extends MessageLogContract {
    private static RedisServerProcess redis;
    private RedisCluster cluster;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        redis.close();
    }

    @Override
    protected MessageLog newLog(MutableClock clock) {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
        cluster = RedisCluster.connect(new ClusterConfig(redis.url(), prefix, Duration.ofMillis(200),
                Duration.ofMillis(5000), Duration.ofSeconds(5), OptionalInt.empty()), Clock.systemUTC());
        RedisRoomLogBus bus = new RedisRoomLogBus(cluster, clock);
        ClusteredMessageLog log = new ClusteredMessageLog(bus, new Snowflakes(clock, cluster.snowflakeNodeId()),
                clock, new InMemoryBroker(), new JsonCodec(), cluster.nodeId());
        cluster.start();
        return log;
    }

    @Override
    protected void attach(MessageLog log, RoomRegistry rooms) {
        ((ClusteredMessageLog) log).attach(rooms::find);
    }

    @Override
    protected void release() {
        cluster.close();
    }
}
