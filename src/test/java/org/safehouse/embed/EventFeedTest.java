package org.safehouse.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feed between the core and the application's listeners: ordered, never blocking the core, bounded. */
class EventFeedTest {
    final EventFeed feed = new EventFeed();

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void listenersGetEveryEventInOrderAndAFailingOneDoesNotStopTheOthers() throws Exception {
        BlockingQueue<SafehouseEvent> seen = new LinkedBlockingQueue<>();
        feed.add(event -> {
            throw new IllegalStateException("a broken listener");
        });
        feed.add(seen::add);

        feed.joined("Lobby", "alice");
        feed.message("Lobby", "alice", "hi", 7);
        feed.left("Lobby", "alice");

        assertEquals(List.of(new SafehouseEvent.Joined("Lobby", "alice"),
                new SafehouseEvent.Message("Lobby", "alice", "hi", 7), new SafehouseEvent.Left("Lobby", "alice")),
                List.of(take(seen), take(seen), take(seen)));
    }

    @Test
    void aListenerThatHangsCostsTheNewestEventsBeyondTheBoundNotTheCoresTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch hanging = new CountDownLatch(1);
        feed.add(event -> {
            hanging.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        feed.joined("Lobby", "first"); // taken by the thread, which then hangs in the listener
        hanging.await(10, TimeUnit.SECONDS);

        for (int i = 0; i < EventFeed.MAX_QUEUED_EVENTS + 5; i++) {
            feed.message("Lobby", "alice", "message " + i, i); // returns at once even with the queue full
        }

        assertEquals(5, feed.dropped());
        release.countDown();
    }

    private static SafehouseEvent take(BlockingQueue<SafehouseEvent> queue) throws InterruptedException {
        SafehouseEvent event = queue.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no event within 10 s");
        return event;
    }
}
