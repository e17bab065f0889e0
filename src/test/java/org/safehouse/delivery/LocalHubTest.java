package org.safehouse.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.delivery.OutboundQueueTest.ManualSink;

class LocalHubTest {
    private final List<Runnable> handedOff = new ArrayList<>();
    private final LocalHub hub = new LocalHub(handedOff::add);

    private List<ManualSink> subscribe(int count) {
        List<ManualSink> sinks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ManualSink sink = new ManualSink();
            sinks.add(sink);
            hub.add("room", new OutboundQueue(sink, new QueueLimits(1 << 20, 100), 4002, "too slow"));
        }
        return sinks;
    }

    @Test
    void smallFanOutStartsItsSendsOnThePublishersThread() {
        List<ManualSink> sinks = subscribe(LocalHub.INLINE_FLUSHES);
        hub.dispatch("room", OutboundFrame.of("hi"));
        assertTrue(handedOff.isEmpty());
        for (ManualSink sink : sinks) {
            assertEquals(List.of("hi"), sink.started);
        }
    }

    @Test
    void largeFanOutQueuesEverywhereThenHandsTheSendsToTheSenders() {
        int members = 2 * LocalHub.FLUSHES_PER_TASK + 3;
        List<ManualSink> sinks = subscribe(members);
        hub.dispatch("room", OutboundFrame.of("first"));
        hub.dispatch("room", OutboundFrame.of("second"));
        for (ManualSink sink : sinks) {
            assertTrue(sink.started.isEmpty(), "no send starts under the publisher's lock");
        }
        assertEquals(6, handedOff.size(), "three slices per fan-out");
        Collections.reverse(handedOff); // the senders may run the slices in any order
        handedOff.forEach(Runnable::run);
        for (ManualSink sink : sinks) {
            assertEquals(List.of("first"), sink.started, "one send in flight");
            sink.completeOne();
            assertEquals(List.of("first", "second"), sink.started, "and in publish order");
        }
    }

    @Test
    void aClosedQueueTakesNothingAndIsNotFlushed() {
        ManualSink sink = new ManualSink();
        OutboundQueue closed = new OutboundQueue(sink, new QueueLimits(1 << 20, 100), 4002, "too slow");
        closed.shutDown();
        hub.add("room", closed);
        List<ManualSink> open = subscribe(LocalHub.INLINE_FLUSHES);
        hub.dispatch("room", OutboundFrame.of("hi"));
        assertTrue(handedOff.isEmpty(), "only the open queues count towards a hand-off");
        assertTrue(sink.started.isEmpty());
        assertEquals(LocalHub.INLINE_FLUSHES, open.stream().filter(s -> s.started.equals(List.of("hi"))).count());
    }
}
