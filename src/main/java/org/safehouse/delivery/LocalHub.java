package org.safehouse.delivery;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's subscribers by topic, and the fan-out to them. Thread-safe; {@link #dispatch} iterates a concurrent
 * set, so subscribing and unsubscribing never block a fan-out in progress and cost O(1), not a copy of the set (a
 * copy-on-write set would make a join storm of N clients cost O(N^2)).
 */
public final class LocalHub {
    private final Map<String, Set<Subscriber>> topics = new ConcurrentHashMap<>();

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

    /** Hands the frame to every local subscriber of the topic. Never blocks (subscribers must not). */
    public void dispatch(String topic, OutboundFrame frame) {
        Set<Subscriber> subscribers = topics.get(topic);
        if (subscribers == null) {
            return;
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.deliver(frame);
        }
    }

    public int count(String topic) {
        Set<Subscriber> subscribers = topics.get(topic);
        return subscribers == null ? 0 : subscribers.size();
    }
}
