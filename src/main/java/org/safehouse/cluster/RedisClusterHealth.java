package org.safehouse.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.safehouse.core.ClusterHealth;

/**
 * A node's {@link ClusterHealth} in cluster mode: unhealthy as soon as its {@link RedisCluster} is (the node then
 * closes its clients with 4011 and admits nobody); healthy again only after Redis is back <em>and</em> every re-sync
 * step ({@link #beforeHealthy}) brought this node's mirrors in step with Redis, since pub/sub messages published
 * while it was cut off are lost and the leaves of the clients it closed could not reach Redis.
 *
 * <p>Threads: {@link RedisCluster} reports transitions on its heartbeat thread; this class hands the re-sync to its
 * own thread ({@code safehouse-cluster-resync}, blocking on Redis allowed, no core lock held by the caller) so the
 * heartbeat keeps beating. A loss during a re-sync wins: the re-sync's end no longer turns the node healthy, and the
 * next recovery re-syncs again. A step that fails (Redis lost again, or a bug) leaves the node unhealthy until the
 * next recovery or the next retry ({@link #RETRY_MILLIS}). Listeners hear transitions only, in order, on either the
 * heartbeat thread (to false) or the re-sync thread (to true); the monitor of this object orders them.
 */
public final class RedisClusterHealth implements ClusterHealth {
    private static final System.Logger LOG = System.getLogger(RedisClusterHealth.class.getName());
    /** A failed re-sync is tried again after this long while Redis stays reachable. */
    static final long RETRY_MILLIS = 1000;

    private final RedisCluster cluster;
    private final List<Runnable> steps = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService resync = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "safehouse-cluster-resync");
        thread.setDaemon(true);
        return thread;
    });
    /** Counts losses: a re-sync started before the latest loss must not turn the node healthy. */
    private final AtomicLong losses = new AtomicLong();
    private volatile boolean healthy;

    /** Watches {@code cluster}; healthy from the start when Redis already answers (the node's start blocked on it). */
    public RedisClusterHealth(RedisCluster cluster) {
        this.cluster = cluster;
        this.healthy = cluster.healthy();
        cluster.onHealth(this::redisChanged);
    }

    /**
     * Adds a step run, in the order added, after Redis comes back and before the node admits anyone again. A step may
     * block on Redis (bounded by {@code command_timeout_ms}) and takes core locks one at a time, never holding one
     * while it waits for Redis; it throws when it could not finish.
     */
    public void beforeHealthy(Runnable step) {
        steps.add(step);
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** Stops the re-sync thread; no transition is reported after this. */
    public void close() {
        resync.shutdownNow();
    }

    private void redisChanged(boolean reachable) {
        if (!reachable) {
            losses.incrementAndGet();
            announce(false);
            return;
        }
        scheduleResync(losses.get(), 0);
    }

    private void scheduleResync(long lossesSeen, long delayMillis) {
        try {
            resync.execute(() -> resyncThenAdmit(lossesSeen, delayMillis));
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    private void resyncThenAdmit(long lossesSeen, long delayMillis) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis); // only this thread waits: a retry after a failed re-sync
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (losses.get() != lossesSeen || !cluster.healthy()) {
            return; // lost again meanwhile: the next recovery re-syncs
        }
        try {
            for (Runnable step : steps) {
                step.run();
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: catching up with Redis failed ("
                    + e.getClass().getSimpleName() + "); this node keeps refusing joins and tries again");
            scheduleResync(lossesSeen, RETRY_MILLIS);
            return;
        }
        synchronized (this) {
            if (losses.get() == lossesSeen && cluster.healthy()) {
                LOG.log(System.Logger.Level.INFO, "cluster: caught up with Redis; admitting clients again");
                announce(true);
            }
        }
    }

    private synchronized void announce(boolean now) {
        if (healthy == now) {
            return;
        }
        healthy = now;
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(now);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cluster: a health listener failed", e);
            }
        }
    }
}
