package org.safehouse.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class OutboundQueueTest {

    /** A sink that completes sends only when told to, like a client whose socket is full. */
    static final class ManualSink implements FrameSink {
        final List<String> started = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        int concurrent;
        int maxConcurrent;
        int closeCode = -1;
        int pings;

        @Override
        public synchronized void sendText(OutboundFrame frame, Consumer<Throwable> done) {
            started.add(frame.text());
            concurrent++;
            maxConcurrent = Math.max(maxConcurrent, concurrent);
            pending.add(done);
        }

        @Override
        public synchronized void sendPing(Consumer<Throwable> done) {
            pings++;
            done.accept(null);
        }

        @Override
        public synchronized void close(int code, String reason) {
            closeCode = code;
        }

        void completeOne() {
            Consumer<Throwable> done;
            synchronized (this) {
                done = pending.remove(0);
                concurrent--;
            }
            done.accept(null);
        }
    }

    @Test
    void oneSendInFlightAndFramesInOrder() {
        ManualSink sink = new ManualSink();
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 100), 4002, "too slow");
        for (int i = 0; i < 5; i++) {
            assertTrue(queue.offer(OutboundFrame.of("f" + i)));
        }
        assertEquals(List.of("f0"), sink.started);
        for (int i = 0; i < 4; i++) {
            sink.completeOne();
        }
        assertEquals(List.of("f0", "f1", "f2", "f3", "f4"), sink.started);
        assertEquals(1, sink.maxConcurrent);
    }

    @Test
    void overflowInBytesClosesTheConnectionAndDropsTheBacklog() {
        ManualSink sink = new ManualSink();
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(100, 1000), 4002, "too slow");
        queue.offer(OutboundFrame.of("x".repeat(60))); // in flight, not counted
        assertTrue(queue.offer(OutboundFrame.of("y".repeat(60))));
        assertFalse(queue.offer(OutboundFrame.of("z".repeat(60))));
        assertEquals(4002, sink.closeCode);
        assertTrue(queue.isClosed());
        sink.completeOne();
        assertEquals(1, sink.started.size(), "the backlog was dropped, nothing more is sent");
        assertFalse(queue.offer(OutboundFrame.of("late")));
    }

    @Test
    void overflowInFramesAlsoCloses() {
        ManualSink sink = new ManualSink();
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 16), 4002, "too slow");
        for (int i = 0; i < 17; i++) {
            queue.offer(OutboundFrame.of("f"));
        }
        assertEquals(-1, sink.closeCode);
        queue.offer(OutboundFrame.of("f"));
        assertEquals(4002, sink.closeCode);
    }

    @Test
    void sinksThatCompleteInlineDrainALongBacklogWithoutDeepRecursion() {
        List<String> sent = new ArrayList<>();
        FrameSink inline = new TextOnlySink() {
            @Override
            public void sendText(OutboundFrame frame, Consumer<Throwable> done) {
                sent.add(frame.text());
                done.accept(null);
            }
        };
        OutboundQueue queue = new OutboundQueue(inline, new QueueLimits(1L << 40, 2_000_000), 4002, "too slow");
        for (int i = 0; i < 200_000; i++) {
            queue.offer(OutboundFrame.of("m"));
        }
        assertEquals(200_000, sent.size());
        assertEquals(200_000, queue.sentFrames());
    }

    @Test
    void concurrentOffersFromManyThreadsNeverOverlapSendsAndLoseNothing() throws Exception {
        ManualSinkAsync sink = new ManualSinkAsync();
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1L << 30, 1_000_000), 4002, "too slow");
        int threads = 4;
        int each = 5_000;
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    queue.offer(OutboundFrame.of(thread + ":" + i));
                }
                done.countDown();
            }).start();
        }
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertTrue(sink.awaitCount(threads * each, 30));
        assertEquals(1, sink.maxConcurrent.get());
        // per-thread order is kept
        int[] next = new int[threads];
        for (String text : sink.sent) {
            String[] parts = text.split(":");
            int thread = Integer.parseInt(parts[0]);
            assertEquals(next[thread]++, Integer.parseInt(parts[1]));
        }
    }

    /** A sink for tests that only send text: pings succeed at once, and a close fails the test. */
    abstract static class TextOnlySink implements FrameSink {
        @Override
        public void sendPing(Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            throw new AssertionError("not expected");
        }
    }

    /** Completes every send on another thread, as real containers do. */
    static final class ManualSinkAsync extends TextOnlySink {
        final List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger maxConcurrent = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.ExecutorService completer = java.util.concurrent.Executors.newSingleThreadExecutor();

        @Override
        public void sendText(OutboundFrame frame, Consumer<Throwable> done) {
            maxConcurrent.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            sent.add(frame.text());
            completer.execute(() -> {
                inFlight.decrementAndGet();
                done.accept(null);
            });
        }

        boolean awaitCount(int count, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (sent.size() < count && System.nanoTime() < deadline) {
                Thread.onSpinWait();
                Thread.yield();
            }
            completer.shutdown();
            return sent.size() == count;
        }
    }

    /** A sink that takes up to {@code maxFrames} waiting frames per send and completes when told to. */
    static final class GatheringSink implements FrameSink {
        final int maxFrames;
        final List<List<String>> sends = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        int closeCode = -1;

        GatheringSink(int maxFrames) {
            this.maxFrames = maxFrames;
        }

        @Override
        public int maxFramesPerSend() {
            return maxFrames;
        }

        @Override
        public synchronized void sendText(OutboundFrame frame, Consumer<Throwable> done) {
            sendTexts(List.of(frame), done);
        }

        @Override
        public synchronized void sendTexts(List<OutboundFrame> frames, Consumer<Throwable> done) {
            assertTrue(pending.isEmpty(), "a send started while another was in flight");
            assertTrue(frames.size() <= maxFrames);
            sends.add(frames.stream().map(OutboundFrame::text).toList());
            pending.add(done);
        }

        @Override
        public synchronized void sendPing(Consumer<Throwable> done) {
            sendTexts(List.of(OutboundFrame.of("<ping>")), done);
        }

        @Override
        public synchronized void close(int code, String reason) {
            closeCode = code;
        }

        void completeOne(Throwable failure) {
            Consumer<Throwable> done;
            synchronized (this) {
                done = pending.remove(0);
            }
            done.accept(failure);
        }
    }

    @Test
    void framesThatQueuedUpBehindASendLeaveTogetherInOrderWithinTheSinksLimit() {
        GatheringSink sink = new GatheringSink(4);
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 100), 4002, "too slow");
        for (int i = 0; i < 10; i++) {
            assertTrue(queue.offer(OutboundFrame.of("f" + i)));
        }
        assertEquals(List.of(List.of("f0")), sink.sends, "the first frame found nothing waiting");
        sink.completeOne(null);
        sink.completeOne(null);
        sink.completeOne(null);
        assertEquals(List.of(List.of("f0"), List.of("f1", "f2", "f3", "f4"), List.of("f5", "f6", "f7", "f8"),
                List.of("f9")), sink.sends);
        sink.completeOne(null);
        assertEquals(10, queue.sentFrames());
        assertEquals(0, queue.queuedBytes());
    }

    @Test
    void aPingIsNeverGatheredAndKeepsItsPlace() {
        GatheringSink sink = new GatheringSink(32);
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 100), 4002, "too slow");
        queue.offer(OutboundFrame.of("a"));
        queue.offer(OutboundFrame.of("b"));
        queue.offer(OutboundFrame.of("c"));
        queue.offerPing();
        queue.offer(OutboundFrame.of("d"));
        for (int i = 0; i < 3; i++) {
            sink.completeOne(null);
        }
        assertEquals(List.of(List.of("a"), List.of("b", "c"), List.of("<ping>"), List.of("d")), sink.sends);
    }

    @Test
    void aGatheredSendIsBoundedInBytes() {
        GatheringSink sink = new GatheringSink(32);
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 100), 4002, "too slow");
        String large = "x".repeat(30 * 1024);
        queue.offer(OutboundFrame.of("first"));
        for (int i = 0; i < 5; i++) {
            queue.offer(OutboundFrame.of(large));
        }
        sink.completeOne(null);
        sink.completeOne(null);
        sink.completeOne(null);
        List<Integer> framesPerSend = sink.sends.stream().map(List::size).toList();
        assertEquals(List.of(1, 2, 2, 1), framesPerSend, "two 30 KiB frames fit in 64 KiB, three do not");
    }

    @Test
    void overflowStillClosesWith4002WhileAGatheredSendIsInFlightAndItsFailureSendsNothingMore() {
        GatheringSink sink = new GatheringSink(32);
        OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 4), 4002, "too slow");
        queue.offer(OutboundFrame.of("f0"));
        queue.offer(OutboundFrame.of("f1"));
        queue.offer(OutboundFrame.of("f2"));
        sink.completeOne(null); // f1 and f2 leave together and stay in flight
        for (int i = 3; i <= 6; i++) {
            assertTrue(queue.offer(OutboundFrame.of("f" + i)));
        }
        assertEquals(-1, sink.closeCode, "four waiting frames are within the bound");
        assertFalse(queue.offer(OutboundFrame.of("f7")));
        assertEquals(4002, sink.closeCode);
        sink.completeOne(new java.io.IOException("reset"));
        assertEquals(List.of(List.of("f0"), List.of("f1", "f2")), sink.sends, "the dropped backlog is never sent");
        assertEquals(1, queue.sentFrames());
    }

    @Test
    void theUtf8BytesAreMadeOnceAndSharedByEverySend() {
        OutboundFrame frame = OutboundFrame.of("héllo 名 \uD83D\uDE00");
        byte[] first = frame.utf8();
        assertTrue(first == frame.utf8(), "the second recipient gets the same bytes, not a new encoding");
        assertEquals(frame.utf8Bytes(), first.length);
        assertEquals(frame.text(), new String(first, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void utf8SizeIsCountedExactly() {
        assertEquals(5, OutboundFrame.of("hello").utf8Bytes());
        assertEquals(2, OutboundFrame.of("é").utf8Bytes());
        assertEquals(3, OutboundFrame.of("名").utf8Bytes());
        assertEquals(4, OutboundFrame.of("\uD83D\uDE00").utf8Bytes());
    }
}
