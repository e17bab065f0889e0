package org.safehouse.bench.measure;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Counters and the latency histogram of one event loop for one scenario. Written only by that loop's thread;
 * read by the scenario after {@code ClientPool.onEveryLoop} (which orders the reads after the writes).
 * {@link #receivedSoFar()} may be read at any time, for progress.
 */
public final class LoopStats {
    /** Microseconds, up to 10 minutes, 3 significant digits. */
    public final Histogram latencyMicros = new Histogram(600_000_000L, 3);
    public long received;
    public long duplicates;
    public long outOfOrder;
    public long foreign;
    public final Map<String, Long> errors = new TreeMap<>();
    public final Map<Integer, Long> closes = new TreeMap<>();
    private final AtomicLong receivedPublished = new AtomicLong();

    public void recordLatency(long sendNanos, long receivedNanos) {
        long micros = (receivedNanos - sendNanos) / 1000;
        latencyMicros.recordValue(Math.max(0, Math.min(micros, latencyMicros.getHighestTrackableValue())));
    }

    public void countReceived() {
        received++;
        receivedPublished.lazySet(received);
    }

    public long receivedSoFar() {
        return receivedPublished.get();
    }

    public void countError(String code) {
        errors.merge(code, 1L, Long::sum);
    }

    public void countClose(int code) {
        closes.merge(code, 1L, Long::sum);
    }

    /** Sums the loops' stats into one (call after the loops' barrier). */
    public static LoopStats merge(LoopStats[] all) {
        LoopStats total = new LoopStats();
        for (LoopStats stats : all) {
            total.latencyMicros.add(stats.latencyMicros);
            total.received += stats.received;
            total.duplicates += stats.duplicates;
            total.outOfOrder += stats.outOfOrder;
            total.foreign += stats.foreign;
            stats.errors.forEach((k, v) -> total.errors.merge(k, v, Long::sum));
            stats.closes.forEach((k, v) -> total.closes.merge(k, v, Long::sum));
        }
        return total;
    }

    public static LoopStats[] create(int loops) {
        LoopStats[] all = new LoopStats[loops];
        for (int i = 0; i < loops; i++) {
            all[i] = new LoopStats();
        }
        return all;
    }

    public static long receivedSoFar(LoopStats[] all) {
        long sum = 0;
        for (LoopStats stats : all) {
            sum += stats.receivedSoFar();
        }
        return sum;
    }
}
