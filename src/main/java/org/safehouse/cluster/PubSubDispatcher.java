package org.safehouse.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Moves pub/sub messages from Lettuce's I/O thread to one thread of ours ("safehouse-redis-pubsub"), where the
 * listeners run one message at a time in arrival order (Redis's publish order on one connection). The I/O thread
 * never runs chat rules and never waits for a room's monitor. At most {@link RedisCluster#PUBSUB_BACKLOG} messages
 * wait; beyond that messages are dropped and {@link #overflowed()} says so until the backlog has drained.
 */
final class PubSubDispatcher {
    private static final System.Logger LOG = System.getLogger(PubSubDispatcher.class.getName());

    private record Subscription(String channelPrefix, BiConsumer<String, String> listener) {
    }

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor thread;
    private final Runnable onOverflow;
    private volatile boolean overflowed;

    /** @param onOverflow called on the I/O thread when the first message is dropped (it must not block) */
    PubSubDispatcher(int backlog, Runnable onOverflow) {
        this.onOverflow = onOverflow;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(backlog),
                runnable -> {
                    Thread named = new Thread(runnable, "safehouse-redis-pubsub");
                    named.setDaemon(true);
                    return named;
                });
    }

    void subscribe(String channelPrefix, BiConsumer<String, String> listener) {
        subscriptions.add(new Subscription(channelPrefix, listener));
    }

    /** On the I/O thread: queue the message, keeping its order. */
    void handOff(String channel, String payload) {
        try {
            thread.execute(() -> deliver(channel, payload));
        } catch (RejectedExecutionException e) {
            if (!thread.isShutdown() && !overflowed) {
                overflowed = true;
                LOG.log(System.Logger.Level.WARNING, "cluster: more than " + thread.getQueue().size()
                        + " pub/sub messages waiting; this node counts as lost until it catches up");
                onOverflow.run();
            }
        }
    }

    /** Whether messages were dropped and the backlog has not drained since. */
    boolean overflowed() {
        if (overflowed && thread.getQueue().isEmpty()) {
            overflowed = false;
        }
        return overflowed;
    }

    void close() {
        thread.shutdownNow();
    }

    private void deliver(String channel, String payload) {
        for (Subscription subscription : subscriptions) {
            if (channel.startsWith(subscription.channelPrefix())) {
                try {
                    subscription.listener().accept(channel, payload);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "cluster: a listener of " + subscription.channelPrefix()
                            + " failed", e);
                }
            }
        }
    }
}
