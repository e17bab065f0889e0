package org.safehouse.delivery;

/**
 * Spaces the sends of one connection: an {@link OutboundQueue} whose previous send started less than {@link #gapNanos}
 * ago does not send at once but asks for a flush at the end of the gap, and what came for that connection meanwhile
 * leaves in one send (one system call where the sink gathers frames, {@link FrameSink#maxFramesPerSend}). A connection
 * that gets frames further apart than the gap sends each at once; one that gets them faster waits at most the gap.
 * This is Nagle's idea at the WebSocket message level: fewer system calls than deliveries when frames come faster than
 * a connection needs them, for at most a gap's latency. Implemented by {@link PacedFlusher}; by a manual fake in tests.
 */
public interface WritePacer {
    /** No pacing: every send starts as soon as the previous one completed. */
    WritePacer NONE = new WritePacer() {
        @Override
        public long gapNanos() {
            return 0;
        }

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public void flushAt(long atNanos, Runnable flush) {
            flush.run();
        }
    };

    /** The least time between the starts of two sends of one connection; 0 for none. */
    long gapNanos();

    /** Now, on the clock of {@link #flushAt} ({@link System#nanoTime} but in tests). */
    long nanoTime();

    /** Runs {@code flush} once {@link #nanoTime} reaches {@code atNanos}, on a thread of the pacer's own. */
    void flushAt(long atNanos, Runnable flush);
}
