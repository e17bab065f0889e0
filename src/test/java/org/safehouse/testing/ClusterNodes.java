package org.safehouse.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster for a test: {@code count} {@code java -jar} nodes ({@link ServerProcess}), each on its own free loopback
 * port, all with a {@code cluster} section pointing at one Redis ({@link RedisServerProcess}'s URL). Heartbeats are
 * short ({@link #HEARTBEAT_MS}, node timeout {@link #NODE_TIMEOUT_MS}) so a killed node's members leave within a
 * couple of seconds. Each node is handed to a {@link ServerProcesses} (its output printed when a test fails) and stopped
 * by its PID; {@link #kill} sends SIGKILL, as a crashed machine would. Every wait has a deadline. Started with
 * {@link #startWithRedis}, it owns its Redis too ({@link #redis()}, stopped last).
 */
public final class ClusterNodes implements AutoCloseable {
    public static final int HEARTBEAT_MS = 200;
    public static final int NODE_TIMEOUT_MS = 1000;
    public static final int COMMAND_TIMEOUT_MS = 1000;

    private final Path directory;
    private final String redisUrl;
    private final String moreConfig;
    private final ServerProcesses keeper;
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private RedisServerProcess ownRedis;

    private ClusterNodes(Path directory, String redisUrl, String moreConfig, ServerProcesses keeper) {
        this.directory = directory;
        this.redisUrl = redisUrl;
        this.moreConfig = moreConfig;
        this.keeper = keeper;
    }

    /**
     * Starts {@code count} nodes, one after the other, and waits until each listens.
     *
     * @param moreConfig members of config.json besides {@code cluster} (e.g. {@code "limits": {...}}), or ""
     */
    public static ClusterNodes start(int count, Path directory, String redisUrl, String moreConfig,
                                     ServerProcesses keeper) {
        ClusterNodes cluster = new ClusterNodes(directory, redisUrl, moreConfig, keeper);
        try {
            for (int i = 0; i < count; i++) {
                cluster.nodes.add(cluster.startNode(i, 0));
                cluster.ports.add(cluster.nodes.get(i).port());
            }
            // A node listens before it has caught up with Redis; until then it answers 503 and closes with 4011.
            cluster.awaitHealth(200, ServerProcess.START);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts a redis-server of its own ({@link RedisServerProcess}), then {@code count} nodes on it. */
    public static ClusterNodes startWithRedis(int count, Path directory, String moreConfig, ServerProcesses keeper)
            throws IOException {
        RedisServerProcess redis = RedisServerProcess.start();
        try {
            ClusterNodes cluster = start(count, directory, redis.url(), moreConfig, keeper);
            cluster.ownRedis = redis;
            return cluster;
        } catch (RuntimeException | Error e) {
            redis.close();
            throw e;
        }
    }

    /** The Redis started by {@link #startWithRedis}, to restart it under the nodes. */
    public RedisServerProcess redis() {
        return ownRedis;
    }

    /** config.json of every node: the cluster section, then the test's members. */
    public String config() {
        return """
                {"cluster": {"redis_url": "%s", "node_heartbeat_ms": %d, "node_timeout_ms": %d,
                             "command_timeout_ms": %d}%s}
                """.formatted(redisUrl, HEARTBEAT_MS, NODE_TIMEOUT_MS, COMMAND_TIMEOUT_MS,
                moreConfig.isBlank() ? "" : ",\n " + moreConfig);
    }

    private ServerProcess startNode(int index, int port) {
        try {
            Path file = Files.writeString(directory.resolve("node-" + index + ".json"), config());
            return keeper.keep("node " + index, ServerProcess.start(file, port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return nodes.size();
    }

    public ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** The loopback port node {@code index} listens on (the same after {@link #restart}). */
    public int port(int index) {
        return ports.get(index);
    }

    /** {@code ws://127.0.0.1:<port of node index>/chat}. */
    public URI chat(int index) {
        return URI.create("ws://127.0.0.1:" + port(index) + "/chat");
    }

    /** Node {@code index}'s /health: the HTTP status (503 while it has lost its cluster). */
    public int health(int index) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port(index) + "/health")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1; // not listening
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Waits until every running node answers /health with {@code status}, or fails after {@code wait}. */
    public void awaitHealth(int status, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        for (int i = 0; i < nodes.size(); i++) {
            if (!alive(i)) {
                continue;
            }
            while (health(i) != status) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("node " + i + " did not answer /health " + status + " within " + wait);
                }
                pause();
            }
        }
    }

    /** Whether node {@code index}'s process still runs (not killed). */
    public boolean alive(int index) {
        return ProcessHandle.of(nodes.get(index).pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** SIGKILL to node {@code index} by its PID, as a machine that dies; returns once the process is gone. */
    public void kill(int index) {
        ProcessHandle handle = ProcessHandle.of(nodes.get(index).pid())
                .orElseThrow(() -> new AssertionError("node " + index + " is not running"));
        handle.destroyForcibly();
        try {
            handle.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("node " + index + " survived SIGKILL", e);
        }
    }

    /** Starts node {@code index} again on its port (after {@link #kill}); it joins the cluster as a new node. */
    public void restart(int index) {
        nodes.get(index).close();
        nodes.set(index, startNode(index, port(index)));
        awaitHealth(200, ServerProcess.START);
    }

    private static void pause() {
        try {
            Thread.sleep(50); // polling a process we do not control, bounded by the caller's deadline
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Stops every node by its PID, then its own Redis (if it started one), deleting Redis's directory. */
    @Override
    public void close() {
        nodes.forEach(ServerProcess::close);
        if (ownRedis != null) {
            try {
                ownRedis.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
