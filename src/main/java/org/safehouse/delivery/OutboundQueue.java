package org.safehouse.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Every frame to one connection goes through here: a queue bounded in bytes and frames, with exactly one send in
 * flight. Concurrent sends on one WebSocket session are illegal (Tomcat throws TEXT_FULL_WRITING) and a blocking
 * send in a fan-out loop lets one stalled client freeze a room; this queue avoids both.
 *
 * <ol>
 *   <li>{@link #deliver}, {@link #enqueue} and {@link #flush} never block and are safe from any thread.</li>
 *   <li>When a frame would exceed the bounds, the backlog is dropped and the connection is closed with the overflow
 *       code given at construction: a slow client is closed visibly, never skipped silently, and memory does not grow
 *       with its backlog.</li>
 *   <li>Frames are sent in the order they were accepted.</li>
 *   <li>After {@link #shutDown} (or an overflow or send failure) every frame is dropped.</li>
 *   <li>When several frames wait and the sink can take them at once ({@link FrameSink#maxFramesPerSend}), they go
 *       as one send of at most that many frames and {@value #MAX_BYTES_PER_SEND} bytes (a frame larger than that
 *       goes alone): fewer system calls than frames when a connection falls behind. A ping is always sent alone.</li>
 *   <li>With a {@link WritePacer} (and a sink that gathers), a busy connection's send that would start less than the
 *       pacer's gap after the previous one waits for the end of the gap, and what came meanwhile leaves with it: fewer
 *       system calls than frames when frames come faster than the gap, at most a gap later. A connection is busy when
 *       its last two sends started less than two gaps apart: a frame after a quiet gap goes at once, and so does the
 *       next one, however soon (a reply right after the echo of one's own line is not held); only a third frame in
 *       quick succession waits. A full send's worth (the sink's frames or {@value #MAX_BYTES_PER_SEND} bytes) never
 *       waits: pacing never caps a connection's throughput.</li>
 * </ol>
 */
public final class OutboundQueue implements Subscriber {
    /** Sentinel for a WebSocket ping: it rides the queue so it never overlaps a text send. */
    private static final OutboundFrame PING = OutboundFrame.empty();
    /** Bytes of text gathered into one send: enough to empty a typical backlog, small next to the queue's bound. */
    static final int MAX_BYTES_PER_SEND = 64 * 1024;

    private final FrameSink sink;
    private final QueueLimits limits;
    private final int overflowCloseCode;
    private final String overflowReason;
    private final ConcurrentLinkedQueue<OutboundFrame> frames = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicLong queuedFrames = new AtomicLong();
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final WritePacer pacer;
    /** A paced flush is asked for and has not started yet. */
    private final AtomicBoolean flushAsked = new AtomicBoolean();
    /** Set before a polite close: nothing is held any more. */
    private volatile boolean unpaced;
    // Read and written only by the thread that holds inFlight (its CAS and release order them).
    private int sendsStarted; // 0, 1, or 2 for "two or more"
    private long lastSendNanos;
    private long previousSendNanos;

    public OutboundQueue(FrameSink sink, QueueLimits limits, int overflowCloseCode, String overflowReason) {
        this(sink, limits, WritePacer.NONE, overflowCloseCode, overflowReason);
    }

    public OutboundQueue(FrameSink sink, QueueLimits limits, WritePacer pacer, int overflowCloseCode,
                         String overflowReason) {
        this.sink = sink;
        this.pacer = pacer;
        this.limits = limits;
        this.overflowCloseCode = overflowCloseCode;
        this.overflowReason = overflowReason;
    }

    @Override
    public void deliver(OutboundFrame frame) {
        offer(frame);
    }

    /** Queues the frame without starting a send: a fan-out calls {@link #flush} later, outside its locks. */
    @Override
    public boolean enqueue(OutboundFrame frame) {
        return accept(frame);
    }

    @Override
    public void flush() {
        drain();
    }

    /** @return false when the frame was not accepted (queue closed, or this frame overflowed it). */
    public boolean offer(OutboundFrame frame) {
        if (!accept(frame)) {
            return false;
        }
        drain();
        return true;
    }

    private boolean accept(OutboundFrame frame) {
        if (closed.get()) {
            return false;
        }
        long bytes = queuedBytes.addAndGet(frame.utf8Bytes());
        long count = queuedFrames.incrementAndGet();
        if (bytes > limits.maxBytes() || count > limits.maxFrames()) {
            overflow();
            return false;
        }
        frames.add(frame);
        return true;
    }

    /** Queues a WebSocket ping behind whatever is waiting. */
    public boolean offerPing() {
        return offer(PING);
    }

    /**
     * Before a polite close: what the pacer holds is handed to the sink now (a last frame, such as the error that
     * explains the close, must not wait for a gap that the close cuts short), then the queue shuts down. Frames behind
     * a send still in flight are dropped, as {@link #shutDown} drops them.
     */
    public void sendHeldAndShutDown() {
        unpaced = true;
        drain();
        shutDown();
    }

    /** Stops sending and drops the backlog, without closing the connection (the caller closes it). */
    public void shutDown() {
        if (closed.compareAndSet(false, true)) {
            frames.clear();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    public long queuedBytes() {
        return Math.max(0, queuedBytes.get());
    }

    /** Frames handed to the sink and completed successfully. */
    public long sentFrames() {
        return sent.get();
    }

    private void overflow() {
        if (closed.compareAndSet(false, true)) {
            frames.clear();
            sink.close(overflowCloseCode, overflowReason);
        }
    }

    /**
     * Starts the next send unless one is in flight. A sink may complete inline (on this thread, inside the send
     * call); then the loop continues here instead of recursing, so a long backlog cannot overflow the stack.
     */
    private void drain() {
        while (!closed.get()) {
            if (!inFlight.compareAndSet(false, true)) {
                return;
            }
            if (frames.peek() != null && heldForPacing()) {
                inFlight.set(false);
                if (flushAsked.get()) {
                    return; // the paced flush starts after this release and sends what waits
                }
                continue; // the paced flush ran while this thread held the queue: send now
            }
            OutboundFrame next = frames.poll();
            if (next == null) {
                inFlight.set(false);
                if (frames.isEmpty()) {
                    return;
                }
                continue; // a frame arrived between poll and release; someone must send it
            }
            taken(next);
            SendAttempt attempt;
            if (next == PING) {
                attempt = new SendAttempt(1);
                sink.sendPing(attempt);
            } else {
                List<OutboundFrame> gathered = gatherBehind(next);
                if (gathered == null) {
                    attempt = new SendAttempt(1);
                    sink.sendText(next, attempt);
                } else {
                    attempt = new SendAttempt(gathered.size());
                    sink.sendTexts(gathered, attempt);
                }
            }
            if (!attempt.finishCall()) {
                return; // completes later on another call stack, which continues the drain
            }
        }
    }

    /**
     * Whether the send about to start waits for the pacer: the connection is busy (its last two sends started less than
     * two gaps apart), the last one started less than a gap ago, and less than a full send waits. Then a paced flush is
     * asked for (once) at the end of the gap. Called by the holder of inFlight.
     */
    private boolean heldForPacing() {
        long gap = pacer.gapNanos();
        if (gap <= 0 || unpaced || sink.maxFramesPerSend() <= 1) {
            return false;
        }
        if (queuedFrames.get() >= sink.maxFramesPerSend() || queuedBytes.get() >= MAX_BYTES_PER_SEND) {
            return false; // a full send waits: holding it would only cap the connection's throughput
        }
        long now = pacer.nanoTime();
        boolean afterQuietGap = sendsStarted == 0 || now - lastSendNanos >= gap;
        boolean busy = sendsStarted == 2 && lastSendNanos - previousSendNanos < 2 * gap;
        if (afterQuietGap || !busy) {
            previousSendNanos = lastSendNanos;
            lastSendNanos = now;
            sendsStarted = Math.min(2, sendsStarted + 1);
            return false;
        }
        if (flushAsked.compareAndSet(false, true)) {
            pacer.flushAt(lastSendNanos + gap, this::pacedFlush);
        }
        return true;
    }

    private void pacedFlush() {
        flushAsked.set(false);
        drain();
    }

    private void taken(OutboundFrame frame) {
        queuedBytes.addAndGet(-frame.utf8Bytes());
        queuedFrames.decrementAndGet();
    }

    /**
     * Takes the text frames waiting behind {@code first}, within the sink's and this queue's bounds per send.
     * Only the draining thread polls, so what it peeks is what it takes. @return null when {@code first} goes alone
     */
    private List<OutboundFrame> gatherBehind(OutboundFrame first) {
        int maxFrames = sink.maxFramesPerSend();
        if (maxFrames <= 1) {
            return null;
        }
        List<OutboundFrame> texts = null;
        long bytes = first.utf8Bytes();
        for (OutboundFrame waiting = frames.peek(); waiting != null && waiting != PING; waiting = frames.peek()) {
            int count = texts == null ? 1 : texts.size();
            if (count >= maxFrames || bytes + waiting.utf8Bytes() > MAX_BYTES_PER_SEND) {
                break;
            }
            if (texts == null) {
                texts = new ArrayList<>(Math.min(maxFrames, 16));
                texts.add(first);
            }
            if (frames.poll() != waiting) {
                break; // cleared by a close under us: nothing more will be sent
            }
            taken(waiting);
            bytes += waiting.utf8Bytes();
            texts.add(waiting);
        }
        return texts;
    }

    /** One send; tells whether its completion came inline, on the sending thread before the call returned. */
    private final class SendAttempt implements Consumer<Throwable> {
        private final Thread sender = Thread.currentThread();
        private final int frameCount;
        private boolean calling = true; // only read and written by the sender thread
        private boolean completedInline;

        SendAttempt(int frameCount) {
            this.frameCount = frameCount;
        }

        @Override
        public void accept(Throwable failure) {
            if (failure != null) {
                fail();
            } else {
                sent.addAndGet(frameCount);
            }
            inFlight.set(false);
            if (Thread.currentThread() == sender && calling) {
                completedInline = true; // drain() on this stack continues
            } else {
                drain();
            }
        }

        /** Called by the sender after the send call returned. @return true when the send already completed. */
        boolean finishCall() {
            calling = false;
            return completedInline;
        }
    }

    private void fail() {
        if (closed.compareAndSet(false, true)) {
            frames.clear();
            sink.close(overflowCloseCode, overflowReason);
        }
    }
}
