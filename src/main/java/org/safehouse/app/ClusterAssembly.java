package org.safehouse.app;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.safehouse.cluster.RedisCluster;
import org.safehouse.cluster.RedisClusterHealth;
import org.safehouse.cluster.RedisHistoryStore;
import org.safehouse.cluster.RedisRoomCatalog;
import org.safehouse.cluster.RedisRoomLogBus;
import org.safehouse.config.ClusterConfig;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ClusterServices;
import org.safehouse.crypto.PasswordHasher;
import org.safehouse.delivery.Broker;

/**
 * Cluster mode's part of the composition root: connects to Redis (blocking; a Redis that does not answer stops
 * start-up with a message naming host:port, never the password), builds the Redis implementations of the core's
 * ports, then the core on them, and starts the heartbeat and the subscription. Order matters: every part that
 * subscribes or loads a script does so before {@link RedisCluster#start()}; the core is built after it (its health
 * reads the first heartbeat), and then re-syncs its history mirrors once, so nothing published between the
 * subscription and the rooms' first load is missed.
 */
final class ClusterAssembly {
    private static final System.Logger LOG = System.getLogger(ClusterAssembly.class.getName());

    /** The core of a cluster node, and what to close after it, in order. */
    record Node(ChatServer chat, List<AutoCloseable> closeAfterChat) {
    }

    private ClusterAssembly() {
    }

    static Node assemble(SafehouseConfig config, ClusterConfig cluster, Broker broker, PasswordHasher hasher,
                         Clock clock, Executor passwordWorkers) {
        RedisCluster redis = RedisCluster.connect(cluster, clock);
        try {
            RedisRoomLogBus log = new RedisRoomLogBus(redis, clock);
            RedisHistoryStore history = new RedisHistoryStore(redis, config.limits(), clock,
                    RedisHistoryStore.PrivatePart.NONE);
            RedisRoomCatalog catalog = new RedisRoomCatalog(redis);
            redis.start();
            RedisClusterHealth health = new RedisClusterHealth(redis);
            ClusterServices services = ClusterServices.node(redis.nodeId(), redis.snowflakeNodeId(), log)
                    .withHealth(health);
            ChatServer chat = new ChatServer(config, broker, hasher, clock, history, catalog, passwordWorkers,
                    services);
            chat.resyncHistory();
            health.beforeHealthy(chat::resyncHistory);
            LOG.log(Level.INFO, "cluster mode: node " + redis.nodeId() + ", Redis at " + cluster.redisAddress()
                    + ", key prefix " + cluster.keyPrefix());
            return new Node(chat, List.<AutoCloseable>of(health::close, redis::close));
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }
}
