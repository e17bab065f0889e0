package org.safehouse.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a process's CPU time, memory and file limits from /proc (Linux). CPU times are in clock ticks of
 * {@link #CLOCK_TICKS_PER_SECOND} (USER_HZ, 100 on Linux x86-64). Every method returns -1 when /proc cannot be read
 * (the process is gone, or this is not Linux). A comma-separated list of PIDs (the nodes of a cluster) reads as one
 * process: CPU, memory and open files summed, the open-file limit the lowest.
 */
public final class ProcessStats {
    public static final int CLOCK_TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** utime + stime of the process (all its threads), in ticks. "self" reads the generator itself. */
    public static long cpuTicks(String pid) {
        if (pid.contains(",")) {
            return sum(pid, ProcessStats::cpuTicks);
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in KiB (VmRSS). */
    public static long rssKib(String pid) {
        if (pid.contains(",")) {
            return sum(pid, ProcessStats::rssKib);
        }
        return statusField(pid, "VmRSS:");
    }

    /** Peak resident set size in KiB since the process started (VmHWM). */
    public static long peakRssKib(String pid) {
        return statusField(pid, "VmHWM:");
    }

    public static long threads(String pid) {
        return statusField(pid, "Threads:");
    }

    /** The soft limit on open files (RLIMIT_NOFILE), from /proc/PID/limits. */
    public static long openFileLimit(String pid) {
        if (pid.contains(",")) {
            long lowest = Long.MAX_VALUE;
            for (String one : pid.split(",")) {
                long limit = openFileLimit(one.trim());
                if (limit < 0) {
                    return -1;
                }
                lowest = Math.min(lowest, limit);
            }
            return lowest;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] parts = line.substring("Max open files".length()).trim().split("\\s+");
                    return parts[0].equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(parts[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** How many files the process has open now. */
    public static long openFiles(String pid) {
        if (pid.contains(",")) {
            return sum(pid, ProcessStats::openFiles);
        }
        try (var stream = Files.list(Path.of("/proc", pid, "fd"))) {
            return stream.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * The machine's CPU ticks summed over cores: {total, idle (with iowait), irq + softirq}. Loopback TCP is mostly
     * softirq work, accounted to no process, so it is kept apart.
     */
    public static long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
            String[] parts = lines.get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < parts.length && i <= 8; i++) {
                total += Long.parseLong(parts[i]);
            }
            long idle = Long.parseLong(parts[4]) + Long.parseLong(parts[5]);
            long interrupts = Long.parseLong(parts[6]) + Long.parseLong(parts[7]);
            return new long[] {total, idle, interrupts};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1, -1};
        }
    }

    /** The sum of {@code reading} over a comma-separated list of PIDs; -1 when any cannot be read. */
    private static long sum(String pids, java.util.function.ToLongFunction<String> reading) {
        long total = 0;
        for (String one : pids.split(",")) {
            long value = reading.applyAsLong(one.trim());
            if (value < 0) {
                return -1;
            }
            total += value;
        }
        return total;
    }

    private static long statusField(String pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
