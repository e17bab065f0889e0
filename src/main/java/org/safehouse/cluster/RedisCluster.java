package org.safehouse.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.safehouse.config.ClusterConfig;

/**
 * Everything Redis does for one node: one shared command connection (pipelined, never blocks the caller), one pub/sub
 * connection (PSUBSCRIBE {@code <prefix>ch:*}), this node's heartbeat key and its health.
 *
 * <p>Contract:
 * <ol>
 * <li>{@link #commands()} and {@link #publish} MAY be called from any thread, under any lock: they only queue.
 *     While Redis is unreachable they fail at once (commands are rejected, not buffered), so a caller never waits
 *     on a dead Redis and never grows an unbounded queue.</li>
 * <li>{@link #await}, {@link #alive} and {@link #loadScript} block up to {@code command_timeout_ms} and throw
 *     {@link RedisCommandException}: never call them under a room's monitor or on the pub/sub thread.</li>
 * <li>Pub/sub listeners run on one thread ("safehouse-redis-pubsub"), one message at a time, in the order Redis
 *     published them across all channels. At most {@link #PUBSUB_BACKLOG} messages wait for it; beyond that the
 *     node may have missed messages, so it turns unhealthy until the backlog drains (mirrors then re-sync).</li>
 * <li>Health listeners run on the heartbeat thread ("safehouse-redis-heartbeat"), for transitions only, in order.
 *     Healthy means: both connections open, no backlog overflow, and the last heartbeat (a SET with PX
 *     {@code node_timeout_ms}) answered. Any disconnection, however short, is reported as a false then true pair,
 *     because pub/sub messages published meanwhile are lost; on the way back, loaded scripts are loaded again
 *     (a restarted Redis forgot them) and the pattern is subscribed again before listeners hear {@code true}.</li>
 * <li>After {@link #close()} the node's heartbeat key is gone (best effort) and nothing is delivered any more.</li>
 * </ol>
 * Bounds in Redis: one key per node ({@code <prefix>node:<id>}, its last beat's time from the clock), expiring after
 * {@code node_timeout_ms}; one counter
 * {@code <prefix>node-ids}.
 */
public final class RedisCluster implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisCluster.class.getName());
    /** Pub/sub messages waiting for the listeners' thread at most (each at most a frame and its mirror data). */
    public static final int PUBSUB_BACKLOG = 100_000;
    /** Commands queued on the command connection at most; beyond it a command fails at once. */
    public static final int COMMAND_QUEUE = 100_000;
    /** Snowflake node ids are 10 bits. */
    private static final int NODE_ID_SPACE = 1024;

    private final ClusterConfig config;
    private final Clock clock;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final StatefulRedisPubSubConnection<String, String> pubsub;
    private final String nodeId;
    private final int snowflakeNodeId;
    private final List<Consumer<Boolean>> healthListeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> scripts = new ConcurrentHashMap<>();
    private final PubSubDispatcher dispatcher;
    private final ScheduledExecutorService heartbeatThread;
    private volatile boolean healthy;
    private volatile boolean interrupted;

    private RedisCluster(ClusterConfig config, Clock clock, RedisClient client,
                         StatefulRedisConnection<String, String> connection,
                         StatefulRedisPubSubConnection<String, String> pubsub) {
        this.config = config;
        this.clock = clock;
        this.client = client;
        this.connection = connection;
        this.pubsub = pubsub;
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        this.nodeId = "n-" + HexFormat.of().formatHex(random);
        this.dispatcher = new PubSubDispatcher(PUBSUB_BACKLOG, this::scheduleCheck);
        this.heartbeatThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "safehouse-redis-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        this.snowflakeNodeId = config.fixedNodeId().isPresent() ? config.fixedNodeId().getAsInt()
                : (int) Math.floorMod(await(connection.async().incr(key("node-ids"))), (long) NODE_ID_SPACE);
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                interrupted = true;
                scheduleCheck();
            }
        });
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                dispatcher.handOff(channel.substring(config.keyPrefix().length() + "ch:".length()), message);
            }
        });
    }

    /**
     * Connects both connections, blocking up to {@code command_timeout_ms} each, and takes a snowflake node id.
     *
     * @throws RedisCommandException naming {@code host:port} and the reason, never the password
     */
    public static RedisCluster connect(ClusterConfig config, Clock clock) {
        RedisURI uri = RedisURI.create(config.redisUrl());
        uri.setTimeout(config.commandTimeout());
        // Reconnect attempts at most a heartbeat apart (Lettuce's default backs off to 30 s), so a node is back
        // within about a heartbeat of Redis.
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(20), config.nodeHeartbeat(), 2,
                        TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(COMMAND_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
                .build());
        StatefulRedisConnection<String, String> connection = null;
        StatefulRedisPubSubConnection<String, String> pubsub = null;
        try {
            connection = client.connect();
            pubsub = client.connectPubSub();
            RedisCluster cluster = new RedisCluster(config, clock, client, connection, pubsub);
            LOG.log(System.Logger.Level.INFO, "cluster: connected to Redis at " + config.redisAddress() + " as node "
                    + cluster.nodeId + " (snowflake node id " + cluster.snowflakeNodeId + ")");
            return cluster;
        } catch (RedisException | RedisCommandException e) {
            if (pubsub != null) {
                pubsub.close();
            }
            if (connection != null) {
                connection.close();
            }
            client.shutdown(Duration.ZERO, config.commandTimeout());
            resources.shutdown(0, config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
            throw RedisCommandException.because("cannot use Redis at " + config.redisAddress(), e,
                    config.redisUrl());
        }
    }

    /** Unique per process start, e.g. {@code n-3f9a61c2}; names this node's heartbeat key and its members' node. */
    public String nodeId() {
        return nodeId;
    }

    /** This node's id inside snowflake ids (0..1023): {@code node_id} when set, else taken from Redis at start. */
    public int snowflakeNodeId() {
        return snowflakeNodeId;
    }

    /** The key prefix followed by the parts joined with ":". */
    public String key(String... parts) {
        return config.keyPrefix() + String.join(":", parts);
    }

    /** The shared command connection's commands: non-blocking, pipelined, callable from any thread. */
    public RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    /** Waits for a command's answer up to {@code command_timeout_ms}. Never under a room's monitor. */
    public <T> T await(RedisFuture<T> future) {
        long millis = config.commandTimeout().toMillis();
        try {
            return future.get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RedisCommandException("Redis did not answer within " + millis + " ms");
        } catch (ExecutionException e) {
            throw RedisCommandException.because("Redis command failed", e, config.redisUrl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandException("interrupted while waiting for Redis");
        }
    }

    /** PUBLISH {@code <prefix>ch:<channel>}, without waiting; a failure is logged, and health reports a lost Redis. */
    public void publish(String channel, String payload) {
        commands().publish(config.keyPrefix() + "ch:" + channel, payload).whenComplete((receivers, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: publish failed: " + failure.getClass().getSimpleName());
            }
        });
    }

    /**
     * Calls {@code listener(channel after "ch:", payload)} on the pub/sub thread for every message whose channel
     * starts with {@code <prefix>ch:<channelPrefix>}. Register before {@link #start()} to miss nothing.
     */
    public void subscribe(String channelPrefix, BiConsumer<String, String> listener) {
        dispatcher.subscribe(channelPrefix, listener);
    }

    /** SCRIPT LOAD (blocking); the script is loaded again whenever Redis comes back. Returns its SHA-1 for EVALSHA. */
    public String loadScript(String lua) {
        String sha = await(commands().scriptLoad(lua));
        scripts.put(sha, lua);
        return sha;
    }

    /** Connected, subscribed, and the last heartbeat answered. */
    public boolean healthy() {
        return healthy;
    }

    /** Called with each transition of {@link #healthy()}, on the heartbeat thread. */
    public void onHealth(Consumer<Boolean> listener) {
        healthListeners.add(listener);
    }

    /** Whether node {@code otherNodeId}'s heartbeat key exists. Blocking: never under a lock. */
    public boolean alive(String otherNodeId) {
        return await(commands().exists(key("node", otherNodeId))) > 0;
    }

    /** Subscribes to {@code <prefix>ch:*}, writes the first heartbeat (both blocking), then beats every interval. */
    public void start() {
        try {
            heartbeatThread.submit(this::check).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the first heartbeat failed", e.getCause());
        }
        if (!healthy) {
            throw new RedisCommandException("cannot subscribe or write the heartbeat at " + config.redisAddress());
        }
        long every = config.nodeHeartbeat().toMillis();
        heartbeatThread.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        heartbeatThread.shutdownNow();
        try {
            if (connection.isOpen()) {
                connection.async().del(key("node", nodeId)).get(config.commandTimeout().toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "cluster: heartbeat key not removed; it expires by itself");
        }
        dispatcher.close();
        pubsub.close();
        connection.close();
        client.shutdown(Duration.ZERO, config.commandTimeout());
        client.getResources().shutdown(0, config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleCheck() {
        try {
            heartbeatThread.execute(this::check);
        } catch (RejectedExecutionException closed) {
            // closing: no more health reports
        }
    }

    /** On the heartbeat thread only: renews the heartbeat and reports transitions. */
    private void check() {
        if (interrupted) {
            interrupted = false;
            report(false);
        }
        boolean ok = false;
        if (connection.isOpen() && pubsub.isOpen() && !dispatcher.overflowed()) {
            try {
                await(commands().set(key("node", nodeId), String.valueOf(clock.millis()),
                        SetArgs.Builder.px(config.nodeTimeout().toMillis())));
                if (!healthy) {
                    for (String lua : scripts.values()) {
                        await(commands().scriptLoad(lua));
                    }
                    await(pubsub.async().psubscribe(config.keyPrefix() + "ch:*"));
                }
                ok = true;
            } catch (RedisCommandException e) {
                LOG.log(System.Logger.Level.DEBUG, "cluster: heartbeat failed: " + e.getMessage());
            }
        }
        report(ok);
    }

    private void report(boolean now) {
        if (healthy == now) {
            return;
        }
        healthy = now;
        LOG.log(now ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "cluster: Redis at "
                + config.redisAddress() + (now ? " is reachable" : " is lost"));
        for (Consumer<Boolean> listener : healthListeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cluster: a health listener failed", e);
            }
        }
    }
}
