package org.safehouse.app;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.safehouse.cluster.RedisCluster;
import org.safehouse.cluster.RedisClusterHealth;
import org.safehouse.cluster.RedisHistoryStore;
import org.safehouse.cluster.RedisMailboxes;
import org.safehouse.cluster.RedisMemberDirectory;
import org.safehouse.cluster.RedisPasswordThrottle;
import org.safehouse.cluster.RedisRoomCatalog;
import org.safehouse.cluster.RedisRoomLogBus;
import org.safehouse.config.ClusterConfig;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.AddressGroupHmac;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ClusterServices;
import org.safehouse.crypto.PasswordHasher;
import org.safehouse.delivery.Broker;

/**
 * Cluster mode's part of the composition root: connects to Redis (blocking; a Redis that does not answer stops
 * start-up with a message naming host:port, never the password), builds the Redis implementations of the core's
 * ports, then the core on them, and only then starts the heartbeat and the subscription: every part (and the core)
 * subscribes or loads its scripts before {@link RedisCluster#start()}. The node turns healthy (admits members) once
 * the re-sync steps ran after the first heartbeat, so nothing published between the rooms' first load and the
 * subscription is missed.
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
            RedisMailboxes mailboxes = new RedisMailboxes(redis, config.limits(), clock);
            RedisHistoryStore history = new RedisHistoryStore(redis, config.limits(), clock,
                    RedisHistoryStore.PrivatePart.of(mailboxes));
            RedisRoomCatalog catalog = new RedisRoomCatalog(redis);
            RedisMemberDirectory members = new RedisMemberDirectory(redis, cluster.nodeHeartbeat().toMillis());
            RedisClusterHealth health = new RedisClusterHealth(redis); // unhealthy until start's first heartbeat
            ClusterServices services = ClusterServices.node(redis.nodeId(), redis.snowflakeNodeId(), log)
                    .withHealth(health).withMailboxes(mailboxes).withMembers(members)
                    .withPasswords(new RedisPasswordThrottle(redis, config.limits(),
                            new AddressGroupHmac(catalog.serverSecret()), clock));
            ChatServer chat = new ChatServer(config, broker, hasher, clock, history, catalog, passwordWorkers,
                    services);
            // Run, in this order, whenever Redis is back (and after start's first heartbeat), before admitting anyone.
            health.beforeHealthy(chat::resyncHistory);
            health.beforeHealthy(chat::resyncMailboxes);
            health.beforeHealthy(members::forgetOwnMembers); // this node's names a lost release left behind
            health.beforeHealthy(chat::resyncMembers); // other nodes' members of every room held here
            health.beforeHealthy(catalog::resync); // rules, passwords and server bans changed meanwhile
            redis.start();
            members.start();
            LOG.log(Level.INFO, "cluster mode: node " + redis.nodeId() + ", Redis at " + cluster.redisAddress()
                    + ", key prefix " + cluster.keyPrefix());
            return new Node(chat, List.<AutoCloseable>of(members::close, health::close, redis::close));
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }
}
