package org.safehouse.delivery;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * This node's subscribers by topic, and the fan-out to them. Thread-safe; {@link #dispatch} iterates a concurrent
 * set, so subscribing and unsubscribing never block a fan-out in progress and cost O(1), not a copy of the set (a
 * copy-on-write set would make a join storm of N clients cost O(N^2)).
 *
 * <p>A fan-out runs in two halves. {@link #dispatch} puts the frame into every subscriber's queue on the caller's
 * thread, typically under a room's lock, which keeps one order for every member and costs a queue insert each.
 * Starting the sends (a system call each) is the expensive half: for more than {@value #INLINE_FLUSHES} subscribers
 * it is handed to the sender executor in slices of {@value #FLUSHES_PER_TASK}, so it runs outside the caller's lock
 * and on every core, instead of serializing a room's broadcasts behind one thread's system calls.
 */
public final class LocalHub {
    /** Fan-outs to at most this many connections start their sends on the publisher's thread: cheaper than a hand-off. */
    static final int INLINE_FLUSHES = 16;
    /** Connections whose sends one task of the sender executor starts. */
    static final int FLUSHES_PER_TASK = 128;

    private final Map<String, Set<Subscriber>> topics = new ConcurrentHashMap<>();
    private final Executor senders;

    /** Starts every send on the publisher's thread. */
    public LocalHub() {
        this(Runnable::run);
    }

    /** @param senders runs the second half of large fan-outs; tasks never block */
    public LocalHub(Executor senders) {
        this.senders = senders;
    }

    /** @return true when this is the topic's first local subscriber (a clustered broker then subscribes upstream). */
    public boolean add(String topic, Subscriber subscriber) {
        boolean[] first = {false};
        topics.compute(topic, (name, subscribers) -> {
            Set<Subscriber> set = subscribers;
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                first[0] = true;
            }
            set.add(subscriber);
            return set;
        });
        return first[0];
    }

    /** @return true when the topic has no local subscriber left. */
    public boolean remove(String topic, Subscriber subscriber) {
        boolean[] last = {false};
        topics.computeIfPresent(topic, (name, subscribers) -> {
            subscribers.remove(subscriber);
            if (subscribers.isEmpty()) {
                last[0] = true;
                return null;
            }
            return subscribers;
        });
        return last[0];
    }

    /**
     * Hands the frame to every local subscriber of the topic, in order with whatever this thread dispatched before.
     * Never blocks (subscribers must not); the sends may start after it returns.
     */
    public void dispatch(String topic, OutboundFrame frame) {
        Set<Subscriber> subscribers = topics.get(topic);
        if (subscribers == null) {
            return;
        }
        Subscriber[] waiting = null;
        int count = 0;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.enqueue(frame)) {
                if (waiting == null) {
                    waiting = new Subscriber[Math.max(INLINE_FLUSHES, subscribers.size())];
                } else if (count == waiting.length) {
                    waiting = Arrays.copyOf(waiting, count * 2);
                }
                waiting[count++] = subscriber;
            }
        }
        if (count <= INLINE_FLUSHES) {
            flush(waiting, 0, count);
            return;
        }
        for (int from = 0; from < count; from += FLUSHES_PER_TASK) {
            Subscriber[] slice = waiting;
            int start = from;
            int end = Math.min(count, from + FLUSHES_PER_TASK);
            try {
                senders.execute(() -> flush(slice, start, end));
            } catch (RejectedExecutionException e) {
                flush(slice, start, end); // shutting down
            }
        }
    }

    public int count(String topic) {
        Set<Subscriber> subscribers = topics.get(topic);
        return subscribers == null ? 0 : subscribers.size();
    }

    private static void flush(Subscriber[] subscribers, int from, int to) {
        for (int i = from; i < to; i++) {
            subscribers[i].flush();
        }
    }
}
