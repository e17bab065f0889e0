package org.safehouse.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A connection's writes spaced by the pacer's gap: what comes faster leaves together, nothing is lost or reordered. */
class OutboundQueuePacingTest {
    private static final long GAP = 5_000_000; // 5 ms, on the manual clock

    /** A pacer whose clock and flushes the test moves by hand. */
    static final class ManualPacer implements WritePacer {
        long now = 1_000_000_000L;
        final List<Long> askedAt = new ArrayList<>();
        final List<Runnable> flushes = new ArrayList<>();

        @Override
        public long gapNanos() {
            return GAP;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void flushAt(long atNanos, Runnable flush) {
            askedAt.add(atNanos);
            flushes.add(flush);
        }

        void runDueFlushes() {
            List<Runnable> due = new ArrayList<>(flushes);
            flushes.clear();
            due.forEach(Runnable::run);
        }
    }

    /** A sink that gathers, like Jetty's core writes, and completes every send at once (a socket with room). */
    static class GatheringSink implements FrameSink {
        final List<List<String>> sends = new ArrayList<>();
        int closeCode = -1;

        @Override
        public void sendText(OutboundFrame frame, Consumer<Throwable> done) {
            sends.add(List.of(frame.text()));
            done.accept(null);
        }

        @Override
        public void sendTexts(List<OutboundFrame> frames, Consumer<Throwable> done) {
            sends.add(frames.stream().map(OutboundFrame::text).toList());
            done.accept(null);
        }

        @Override
        public int maxFramesPerSend() {
            return 64;
        }

        @Override
        public void sendPing(Consumer<Throwable> done) {
            sends.add(List.of("<ping>"));
            done.accept(null);
        }

        @Override
        public void close(int code, String reason) {
            closeCode = code;
        }
    }

    private final ManualPacer pacer = new ManualPacer();
    private final GatheringSink sink = new GatheringSink();
    private final OutboundQueue queue = new OutboundQueue(sink, new QueueLimits(1 << 20, 100), pacer, 4002,
            "too slow");

    @Test
    void framesComingFasterThanTheGapLeaveTogetherInOneSendAtTheEndOfTheGap() {
        queue.offer(OutboundFrame.of("a"));
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("b"));
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("c"));
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("d"));

        assertEquals(List.of(List.of("a"), List.of("b")), sink.sends,
                "the first two frames went at once, the others wait");
        assertEquals(List.of(1_001_000_000L + GAP), pacer.askedAt, "one flush asked for, a gap after b's send");

        pacer.now = 1_001_000_000L + GAP;
        pacer.runDueFlushes();
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "d")), sink.sends);
        assertEquals(4, queue.sentFrames());

        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("e"));
        assertEquals(3, sink.sends.size(), "still busy: the next frame waits for the end of the next gap");
        pacer.now += GAP;
        pacer.runDueFlushes();
        assertEquals(List.of("e"), sink.sends.get(3));
    }

    /** Two people writing to each other: the echo of one's own line and the other's reply come close together. */
    @Test
    void twoFramesCloseTogetherAfterAQuietTimeBothGoAtOnce() {
        for (int exchange = 0; exchange < 3; exchange++) {
            queue.offer(OutboundFrame.of("echo " + exchange));
            pacer.now += 700_000;
            queue.offer(OutboundFrame.of("reply " + exchange));
            pacer.now += 130 * 1_000_000L;
        }
        assertEquals(6, sink.sends.size(), "every frame went at once");
        assertTrue(pacer.askedAt.isEmpty(), "nothing was held");
    }

    @Test
    void aFrameAfterAQuietGapGoesAtOnce() {
        queue.offer(OutboundFrame.of("a"));
        pacer.now += GAP;
        queue.offer(OutboundFrame.of("b"));
        pacer.now += 2 * GAP;
        queue.offer(OutboundFrame.of("c"));
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c")), sink.sends);
        assertTrue(pacer.askedAt.isEmpty(), "no flush was needed");
    }

    @Test
    void aFlushThatCameWhileAnotherThreadHeldTheQueueIsNotLost() {
        queue.offer(OutboundFrame.of("a"));
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("b")); // the second goes at once
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("c")); // held, flush asked
        pacer.now += GAP;
        queue.offer(OutboundFrame.of("d")); // the gap is over: sends c and d itself, before the flush ran
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "d")), sink.sends);
        pacer.runDueFlushes(); // nothing left: no empty send
        assertEquals(3, sink.sends.size());
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("e")); // paced again after the send of c and d
        assertEquals(2, pacer.askedAt.size());
        pacer.now += GAP;
        pacer.runDueFlushes();
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "d"), List.of("e")), sink.sends);
    }

    @Test
    void heldFramesCountAgainstTheQueuesBoundsAndAnOverflowStillCloses() {
        OutboundQueue small = new OutboundQueue(sink, new QueueLimits(1 << 20, 3), pacer, 4002, "too slow");
        small.offer(OutboundFrame.of("first"));
        small.offer(OutboundFrame.of("second"));
        for (int i = 0; i < 3; i++) {
            assertTrue(small.offer(OutboundFrame.of("held" + i)));
        }
        assertEquals(false, small.offer(OutboundFrame.of("one too many")));
        assertEquals(4002, sink.closeCode);
        pacer.now += GAP;
        pacer.runDueFlushes();
        assertEquals(List.of(List.of("first"), List.of("second")), sink.sends,
                "the backlog of a closed queue is dropped, not sent");
    }

    @Test
    void beforeAPoliteCloseTheHeldFramesAreSentAtOnceAndNothingAfter() {
        queue.offer(OutboundFrame.of("a"));
        pacer.now += 1_000_000;
        queue.offer(OutboundFrame.of("b"));
        queue.offer(OutboundFrame.of("c"));
        queue.offer(OutboundFrame.of("the error that explains the close"));
        queue.sendHeldAndShutDown();
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "the error that explains the close")),
                sink.sends);
        assertTrue(queue.isClosed());
        pacer.now += GAP;
        pacer.runDueFlushes();
        assertEquals(false, queue.offer(OutboundFrame.of("late")));
        assertEquals(3, sink.sends.size(), "nothing is sent after the close");
    }

    @Test
    void aFullSendsWorthWaitingGoesAtOnceSoPacingNeverCapsThroughput() {
        queue.offer(OutboundFrame.of("a"));
        queue.offer(OutboundFrame.of("a2"));
        pacer.now += 1_000_000;
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            burst.add("b" + i);
            queue.offer(OutboundFrame.of("b" + i));
        }
        assertEquals(List.of(List.of("a"), List.of("a2"), burst), sink.sends,
                "64 frames waiting fill a send: it leaves in the gap");
        String large = "x".repeat(OutboundQueue.MAX_BYTES_PER_SEND);
        queue.offer(OutboundFrame.of(large));
        assertEquals(4, sink.sends.size(), "64 KiB waiting fill a send too");
        assertEquals(4, queue.sentFrames() - 63, "every frame so far was sent, none held");
    }

    @Test
    void aSinkThatCannotGatherIsNeverHeld() {
        OutboundQueueTest.ManualSink oneAtATime = new OutboundQueueTest.ManualSink();
        OutboundQueue unpaced = new OutboundQueue(oneAtATime, new QueueLimits(1 << 20, 100), pacer, 4002, "slow");
        unpaced.offer(OutboundFrame.of("a"));
        oneAtATime.completeOne();
        unpaced.offer(OutboundFrame.of("b"));
        oneAtATime.completeOne();
        unpaced.offer(OutboundFrame.of("c"));
        assertEquals(List.of("a", "b", "c"), oneAtATime.started);
        assertTrue(pacer.askedAt.isEmpty());
    }

    @Test
    void thePacedFlusherRunsEveryFlushOnItsOwnThreadInOrder() throws InterruptedException {
        try (PacedFlusher flusher = new PacedFlusher(1)) {
            List<Integer> ran = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(50);
            long start = flusher.nanoTime();
            for (int i = 0; i < 50; i++) {
                int index = i;
                flusher.flushAt(start + flusher.gapNanos(), () -> {
                    synchronized (ran) {
                        ran.add(index);
                    }
                    all.countDown();
                });
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), "every flush ran");
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                expected.add(i);
            }
            synchronized (ran) {
                assertEquals(expected, ran);
            }
        }
    }

    @Test
    void aQueueOnThePacedFlusherDeliversABurstCompletelyAndInOrder() throws InterruptedException {
        try (PacedFlusher flusher = new PacedFlusher(2)) {
            List<String> received = new ArrayList<>();
            CountDownLatch all = new CountDownLatch(200);
            FrameSink sink = new GatheringSink() {
                @Override
                public void sendTexts(List<OutboundFrame> frames, Consumer<Throwable> done) {
                    frames.forEach(frame -> record(frame));
                    done.accept(null);
                }

                @Override
                public void sendText(OutboundFrame frame, Consumer<Throwable> done) {
                    record(frame);
                    done.accept(null);
                }

                private void record(OutboundFrame frame) {
                    synchronized (received) {
                        received.add(frame.text());
                    }
                    all.countDown();
                }
            };
            OutboundQueue paced = new OutboundQueue(sink, new QueueLimits(1 << 20, 1000), flusher, 4002, "slow");
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add("m" + i);
                paced.offer(OutboundFrame.of("m" + i));
            }
            assertTrue(all.await(30, TimeUnit.SECONDS), "the held frames were flushed");
            synchronized (received) {
                assertEquals(sent, received);
            }
        }
    }
}
