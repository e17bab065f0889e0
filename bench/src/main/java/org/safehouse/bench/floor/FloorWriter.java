package org.safehouse.bench.floor;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.safehouse.bench.Options;

/**
 * The hidden {@code floor-writer} command: the floor's stand-in for the server, run by {@link WriterProcess} as a
 * child JVM so that its CPU time can be read from /proc/PID/stat like the server's. It listens on 127.0.0.1 (an
 * ephemeral port), accepts {@code --clients} connections, then sends {@code --rate} broadcasts per second, evenly
 * paced: each broadcast is one {@link BroadcastFrame} written to every connection, one {@code writev} per delivery,
 * the connections split over {@code --threads} writer threads that each wake up at the broadcast's due time. It
 * does nothing else: no queue, no JSON, no selector; what it costs is the system calls a server cannot avoid, plus
 * a JVM's minimum around them.
 *
 * <p>Its stdout is a line protocol for the generator: {@code port P}, {@code connected N}, {@code measuring} (half a
 * period before the first measured broadcast is due), {@code result key=value ...} (half a period before the one
 * after the last would be due, or when the last is written if that is later: the window between the two lines is the
 * measured broadcasts' periods), or {@code failed reason}. Then it waits for stdin to close and exits; stdin
 * closing earlier (the generator is gone) ends it at once, and a watchdog ends it if the whole run overstays its
 * bound, so an orphan never lingers.
 */
public final class FloorWriter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile boolean finished;

    private FloorWriter() {
    }

    public static int run(Options options) throws Exception {
        int clients = options.integer("clients", 1000);
        double rate = options.decimal("rate", 50);
        int threadCount = Math.max(1, Math.min(options.integer("threads", 2), clients));
        int warmup = (int) Math.round(options.decimal("warmup", 2) * rate);
        int measured = Math.max(1, (int) Math.round(options.decimal("duration", 10) * rate));
        long periodNanos = Math.round(1e9 / rate);
        PrintStream out = System.out;
        startWatchdog((long) ((warmup + measured) / rate * 1000) + 180_000);
        Thread stdinWatch = startStdinWatch();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            out.println("port " + ((InetSocketAddress) server.getLocalAddress()).getPort());
            out.flush();
            SocketChannel[] channels = new SocketChannel[clients];
            for (int i = 0; i < clients; i++) {
                channels[i] = server.accept();
                channels[i].setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            out.println("connected " + clients);
            out.flush();
            long start = System.nanoTime() + 100_000_000L;
            Writer[] writers = new Writer[threadCount];
            for (int t = 0; t < threadCount; t++) {
                writers[t] = new Writer(channels, t * clients / threadCount, (t + 1) * clients / threadCount,
                        clients, start, periodNanos, warmup, measured);
                writers[t].setName("floor-writer-" + t);
                writers[t].start();
            }
            // Both marks half a period early: in the gap between two broadcasts, when the writer threads are idle
            // and this thread gets a core at once (on time, it would wait behind the broadcast it marks). The
            // window between them is still the measured broadcasts' periods.
            long lead = periodNanos / 2;
            parkUntil(start + warmup * periodNanos - lead);
            out.println("measuring");
            out.flush();
            for (Writer writer : writers) {
                writer.join();
            }
            parkUntil(start + (warmup + measured) * periodNanos - lead);
            String result = result(writers, start, periodNanos, warmup, measured, clients);
            finished = true;
            out.println(result);
            out.flush();
            // Keeps the sockets and the process (whose /proc entry the generator reads) until told to go.
            stdinWatch.join();
            for (SocketChannel channel : channels) {
                channel.close();
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            out.println("failed " + e);
            out.flush();
            return 1;
        }
    }

    private static String result(Writer[] writers, long start, long periodNanos, int warmup, int measured,
            int clients) {
        // Fan-out wall time: from the broadcast's due time until its last write returned, on any thread.
        Histogram wallMicros = new Histogram(60_000_000L, 3);
        for (int b = warmup; b < warmup + measured; b++) {
            long last = 0;
            for (Writer writer : writers) {
                last = Math.max(last, writer.finishedNanos[b]);
            }
            wallMicros.recordValue(Math.max(0, Math.min((last - (start + b * periodNanos)) / 1000, 60_000_000L)));
        }
        long calls = 0;
        long cpuNanos = 0;
        long lagNanos = 0;
        StringBuilder failures = new StringBuilder();
        for (Writer writer : writers) {
            calls += writer.writeCalls;
            cpuNanos += writer.cpuNanos;
            lagNanos = Math.max(lagNanos, writer.maxLagNanos);
            if (writer.failure != null) {
                failures.append(failures.length() == 0 ? "" : "; ").append(writer.failure);
            }
        }
        return "result broadcasts=" + measured + " deliveries=" + (long) measured * clients + " write_calls=" + calls
                + " threads_cpu_ns=" + cpuNanos + " max_lag_us=" + lagNanos / 1000
                + " wall_p50_us=" + wallMicros.getValueAtPercentile(50)
                + " wall_p90_us=" + wallMicros.getValueAtPercentile(90)
                + " wall_p99_us=" + wallMicros.getValueAtPercentile(99) + " wall_max_us=" + wallMicros.getMaxValue()
                + (failures.length() == 0 ? "" : " error=" + failures.toString().replace(' ', '_'));
    }

    static void parkUntil(long dueNanos) {
        long left;
        while ((left = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** Ends the process when stdin closes before the result is out: the generator is gone, nobody reads. */
    private static Thread startStdinWatch() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    continue;
                }
            } catch (IOException e) {
                // Treated as the end of stdin.
            }
            if (!finished) {
                System.err.println("floor-writer: the generator closed stdin before the end: exiting");
                Runtime.getRuntime().halt(1);
            }
        }, "floor-writer-stdin");
        watch.setDaemon(true);
        watch.start();
        return watch;
    }

    private static void startWatchdog(long limitMillis) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(limitMillis);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("floor-writer: still running after " + limitMillis / 1000 + " s: exiting");
            Runtime.getRuntime().halt(3);
        }, "floor-writer-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * One writer thread: its slice {@code [from, to)} of the connections, its own frame, every broadcast in turn at
     * its due time (blocking sockets: a full send buffer stalls it, which shows as lag and wall time, never as a
     * torn frame). Its fields are read by the main thread after {@code join}.
     */
    private static final class Writer extends Thread {
        private final SocketChannel[] channels;
        private final int from;
        private final int to;
        private final long start;
        private final long periodNanos;
        private final int warmup;
        private final int measured;
        private final BroadcastFrame frame;
        final long[] finishedNanos;
        long writeCalls;
        long cpuNanos;
        long maxLagNanos;
        String failure;

        Writer(SocketChannel[] channels, int from, int to, int clients, long start, long periodNanos, int warmup,
                int measured) {
            this.channels = channels;
            this.from = from;
            this.to = to;
            this.start = start;
            this.periodNanos = periodNanos;
            this.warmup = warmup;
            this.measured = measured;
            this.frame = new BroadcastFrame(clients);
            this.finishedNanos = new long[warmup + measured];
        }

        @Override
        public void run() {
            long cpuStart = 0;
            try {
                for (int b = 0; b < warmup + measured; b++) {
                    long due = start + b * periodNanos;
                    parkUntil(due);
                    boolean measuring = b >= warmup;
                    if (b == warmup) {
                        cpuStart = THREADS.getCurrentThreadCpuTime();
                    }
                    if (measuring) {
                        maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
                    }
                    frame.set(measuring ? 'b' : 'w', measuring ? b - warmup : b, due);
                    long calls = 0;
                    for (int i = from; i < to; i++) {
                        var buffers = frame.rewound();
                        do {
                            channels[i].write(buffers);
                            calls++;
                        } while (frame.unwritten());
                    }
                    finishedNanos[b] = System.nanoTime();
                    if (measuring) {
                        writeCalls += calls;
                    }
                }
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuStart;
            } catch (IOException | RuntimeException e) {
                failure = String.valueOf(e);
            }
        }
    }
}
