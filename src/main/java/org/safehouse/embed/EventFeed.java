package org.safehouse.embed;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.safehouse.core.ChatEvents;
import org.safehouse.transport.SafehouseRuntime;

/**
 * Hands the core's {@link ChatEvents} to the application's listeners on a thread of its own
 * ({@code safehouse-events-1}): the core calls {@link ChatEvents} under a room's monitor, where user code must never
 * run. One thread, so listeners see every room's events in the order the core reported them. The queue holds at most
 * {@value #MAX_QUEUED_EVENTS} events: a listener slower than the chat loses the newest events beyond that (counted,
 * logged once per {@value #MAX_QUEUED_EVENTS} lost) rather than holding up a room or growing the heap. A listener that
 * throws is logged and keeps receiving. Without listeners nothing is queued and no thread runs. {@link #close} stops
 * the thread; events queued then are dropped.
 */
final class EventFeed implements ChatEvents, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EventFeed.class.getName());
    /** At most this many events wait for the listeners. */
    static final int MAX_QUEUED_EVENTS = 10_000;

    private final BlockingQueue<SafehouseEvent> queue = new ArrayBlockingQueue<>(MAX_QUEUED_EVENTS);
    private final List<Consumer<? super SafehouseEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private boolean closed;

    EventFeed() {
        thread = SafehouseRuntime.named("events").newThread(this::run);
    }

    /** Adds a listener; the first one starts the thread (a deployment nobody listens to has none). */
    synchronized void add(Consumer<? super SafehouseEvent> listener) {
        listeners.add(listener);
        if (!closed && thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    /** Events dropped because the queue was full. */
    long dropped() {
        return dropped.get();
    }

    @Override
    public void joined(String room, String nick) {
        offer(new SafehouseEvent.Joined(room, nick));
    }

    @Override
    public void left(String room, String nick) {
        offer(new SafehouseEvent.Left(room, nick));
    }

    @Override
    public void message(String room, String nick, String text, long id) {
        offer(new SafehouseEvent.Message(room, nick, text, id));
    }

    private void offer(SafehouseEvent event) {
        if (listeners.isEmpty() || queue.offer(event)) {
            return;
        }
        if (dropped.incrementAndGet() % MAX_QUEUED_EVENTS == 1) {
            LOG.log(Level.WARNING, "event listeners are too slow: " + dropped.get() + " events dropped so far");
        }
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                SafehouseEvent event = queue.take();
                for (Consumer<? super SafehouseEvent> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "an event listener failed", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        thread.interrupt();
    }
}
