package org.safehouse.delivery;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single-node {@link Broker}: publishing is dispatching to the {@link LocalHub} on the caller's thread. With
 * sender threads, the hub starts the sends of large fan-outs on them, outside the publisher's lock.
 */
public final class InMemoryBroker implements Broker {
    private final ExecutorService senders;
    private final LocalHub hub;

    /** Every send starts on the publisher's thread (tests). */
    public InMemoryBroker() {
        this.senders = null;
        this.hub = new LocalHub();
    }

    /** @param senderThreads threads that start the sends of large fan-outs, stopped by {@link #close} */
    public InMemoryBroker(int senderThreads) {
        AtomicInteger count = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(senderThreads, runnable -> {
            Thread thread = new Thread(runnable, "safehouse-sender-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.hub = new LocalHub(senders);
    }

    @Override
    public void subscribe(String topic, Subscriber subscriber) {
        hub.add(topic, subscriber);
    }

    @Override
    public void unsubscribe(String topic, Subscriber subscriber) {
        hub.remove(topic, subscriber);
    }

    @Override
    public void publish(String topic, OutboundFrame frame) {
        hub.dispatch(topic, frame);
    }

    @Override
    public int localSubscribers(String topic) {
        return hub.count(topic);
    }

    /** Stops the sender threads once the fan-outs already handed to them have started their sends. */
    @Override
    public void close() {
        if (senders != null) {
            senders.shutdown();
        }
    }
}
