package org.safehouse.bench.measure;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * A measured interval: the server's and the generator's CPU time, the machine's idle time, the generator's GC time,
 * and in cluster mode the CPU time of Redis (the hop every message takes between nodes), reported apart.
 * {@link #fill} turns the deltas into result columns and adds a warning when the generator itself may have been
 * the bottleneck (a loop thread busy over 90% of the interval, or the machine without idle CPU).
 */
public final class Measurement {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String serverPid;
    private final String redisPid;
    private final long redisTicks;
    private long redisTicksEnd;
    private final long[] loopThreadIds;
    private final long startNanos;
    private final long serverTicks;
    private final long selfTicks;
    private final long[] machine;
    private final long[] loopCpuNanos;
    private final long gcMillis;
    private long stopNanos;
    private long serverTicksEnd;
    private long selfTicksEnd;
    private long[] machineEnd;
    private long[] loopCpuNanosEnd;
    private long gcMillisEnd;
    private long serverRssKib;

    private Measurement(String serverPid, String redisPid, long[] loopThreadIds) {
        this.serverPid = serverPid;
        this.redisPid = redisPid;
        this.redisTicks = redisPid == null ? -1 : ProcessStats.cpuTicks(redisPid);
        this.loopThreadIds = loopThreadIds;
        this.serverTicks = serverPid == null ? -1 : ProcessStats.cpuTicks(serverPid);
        this.selfTicks = ProcessStats.cpuTicks("self");
        this.machine = ProcessStats.machineTicks();
        this.loopCpuNanos = threadCpu(loopThreadIds);
        this.gcMillis = gcMillis();
        this.startNanos = System.nanoTime();
    }

    public static Measurement start(String serverPid, List<Long> loopThreadIds) {
        return start(serverPid, null, loopThreadIds);
    }

    /** As {@link #start(String, List)}, also measuring Redis ({@code redisPid}, null for none). */
    public static Measurement start(String serverPid, String redisPid, List<Long> loopThreadIds) {
        return new Measurement(serverPid, redisPid, loopThreadIds.stream().mapToLong(Long::longValue).toArray());
    }

    public Measurement stop() {
        stopNanos = System.nanoTime();
        serverTicksEnd = serverPid == null ? -1 : ProcessStats.cpuTicks(serverPid);
        redisTicksEnd = redisPid == null ? -1 : ProcessStats.cpuTicks(redisPid);
        selfTicksEnd = ProcessStats.cpuTicks("self");
        machineEnd = ProcessStats.machineTicks();
        loopCpuNanosEnd = threadCpu(loopThreadIds);
        gcMillisEnd = gcMillis();
        serverRssKib = serverPid == null ? -1 : ProcessStats.rssKib(serverPid);
        return this;
    }

    public double seconds() {
        return (stopNanos - startNanos) / 1e9;
    }

    public double serverCpuSeconds() {
        return serverTicks < 0 || serverTicksEnd < 0 ? -1
                : (serverTicksEnd - serverTicks) / (double) ProcessStats.CLOCK_TICKS_PER_SECOND;
    }

    /**
     * Adds: seconds, server CPU (total and per delivery), server RSS, generator CPU (percent of one core, and its
     * busiest loop thread), machine idle percent, generator GC time.
     */
    public void fill(Result result, long deliveries) {
        double seconds = seconds();
        result.put("seconds", Result.round(seconds, 2));
        double serverCpu = serverCpuSeconds();
        if (serverCpu >= 0) {
            result.put("server_cpu_s", Result.round(serverCpu, 2));
            if (deliveries > 0) {
                result.put("server_cpu_us_per_delivery", Result.round(serverCpu * 1e6 / deliveries, 3));
            }
        }
        double redisCpu = redisTicks < 0 || redisTicksEnd < 0 ? 0
                : (redisTicksEnd - redisTicks) / (double) ProcessStats.CLOCK_TICKS_PER_SECOND;
        if (redisPid != null) {
            result.put("redis_cpu_s", Result.round(redisCpu, 2));
            if (deliveries > 0) {
                result.put("redis_cpu_us_per_delivery", Result.round(redisCpu * 1e6 / deliveries, 3));
            }
        }
        if (serverRssKib > 0) {
            result.put("server_rss_mib", Result.round(serverRssKib / 1024.0, 1));
        }
        double selfCpu = (selfTicksEnd - selfTicks) / (double) ProcessStats.CLOCK_TICKS_PER_SECOND;
        result.put("gen_cpu_pct", Result.round(100 * selfCpu / seconds, 1));
        double busiest = 0;
        for (int i = 0; i < loopThreadIds.length; i++) {
            if (loopCpuNanos[i] >= 0 && loopCpuNanosEnd[i] >= 0) {
                busiest = Math.max(busiest, (loopCpuNanosEnd[i] - loopCpuNanos[i]) / 1e9 / seconds);
            }
        }
        result.put("gen_busiest_loop_pct", Result.round(100 * busiest, 1));
        result.put("gen_gc_ms", gcMillisEnd - gcMillis);
        long total = machineEnd[0] - machine[0];
        if (machine[0] >= 0 && total > 0) {
            long idleTicks = machineEnd[1] - machine[1];
            double idle = 100.0 * idleTicks / total;
            result.put("machine_idle_pct", Result.round(idle, 1));
            if (idle < 3) {
                result.warn("machine CPU saturated (server and generator share the cores)");
            }
            double interrupts = (machineEnd[2] - machine[2]) / (double) ProcessStats.CLOCK_TICKS_PER_SECOND;
            result.put("softirq_cpu_pct", Result.round(100 * interrupts / seconds, 1));
            if (serverCpu >= 0) {
                // Busy time of the machine that is neither the server's, nor the generator's, nor interrupt work
                // (loopback TCP): other work that competed for the cores during the measurement.
                double busy = (total - idleTicks) / (double) ProcessStats.CLOCK_TICKS_PER_SECOND;
                double other = Math.max(0, busy - interrupts - serverCpu - redisCpu - selfCpu);
                result.put("other_cpu_pct", Result.round(100 * other / seconds, 1));
                if (other / seconds > 0.25) {
                    result.warn(String.format("other processes used %.0f%% of a core meanwhile: noisy figures",
                            100 * other / seconds));
                }
            }
        }
        if (selfCpu / seconds > 0.9 * loopThreadIds.length) {
            result.warn("generator CPU over 90% of its loop threads: the generator may be the bottleneck");
        }
        if (busiest > 0.9) {
            result.warn("generator loop thread over 90% busy: the generator may be the bottleneck");
        }
    }

    private static long[] threadCpu(long[] ids) {
        long[] cpu = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            cpu[i] = THREADS.isThreadCpuTimeSupported() ? THREADS.getThreadCpuTime(ids[i]) : -1;
        }
        return cpu;
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }
}
