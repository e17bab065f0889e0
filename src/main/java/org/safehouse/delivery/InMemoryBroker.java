package org.safehouse.delivery;

/** The single-node {@link Broker}: publishing is dispatching to the {@link LocalHub} on the caller's thread. */
public final class InMemoryBroker implements Broker {
    private final LocalHub hub = new LocalHub();

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

    @Override
    public void close() {
        // nothing held
    }
}
