package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where Argon2id work waits for one of a few workers: a bounded queue, fair across client address groups.
 *
 * <ol>
 *   <li>Each address group ({@link ClientConnection#addressGroup()}) has its own FIFO; workers take the next job from
 *       the groups in turn (round-robin), so a group that queued a hundred jobs delays another group's job by at most
 *       one job per group ahead of it, never by its hundred.</li>
 *   <li>{@link #offer} refuses only when the job's own group already has {@code maxPerGroup} jobs waiting, or when
 *       {@code maxTotal} jobs wait in all (a memory bound sized so that only {@code maxTotal / maxPerGroup} groups that
 *       each fill their own queue can reach it; see {@code password_check_queue_total}). A busy neighbour alone never
 *       causes a refusal.</li>
 *   <li>At most {@code parallelism} jobs run at once, on the injected executor (the transport's password pool; a test
 *       may pass one it runs by hand). Jobs run without any core lock held by the queue.</li>
 *   <li>Thread-safe: one lock, held briefly, never while a job runs.</li>
 * </ol>
 */
final class PasswordCheckQueue {
    private static final System.Logger LOG = System.getLogger(PasswordCheckQueue.class.getName());

    private final Executor workers;
    private final int parallelism;
    private final int maxPerGroup;
    private final int maxTotal;
    private final Map<String, ArrayDeque<Runnable>> byGroup = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>();
    private int waiting;
    private int running;

    PasswordCheckQueue(Executor workers, int parallelism, int maxPerGroup, int maxTotal) {
        this.workers = workers;
        this.parallelism = parallelism;
        this.maxPerGroup = maxPerGroup;
        this.maxTotal = maxTotal;
    }

    /** @return false, with nothing queued, when the group's queue (or the whole queue) is full. */
    boolean offer(String group, Runnable job) {
        synchronized (this) {
            ArrayDeque<Runnable> queue = byGroup.get(group);
            if ((queue != null && queue.size() >= maxPerGroup) || waiting >= maxTotal) {
                return false;
            }
            if (queue == null) {
                queue = new ArrayDeque<>();
                byGroup.put(group, queue);
                turns.addLast(group);
            }
            queue.addLast(job);
            waiting++;
            if (running >= parallelism) {
                return true;
            }
            running++;
        }
        try {
            workers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running--; // shutting down: the job stays queued and is never run
            }
        }
        return true;
    }

    /** Jobs waiting now (not those running). */
    synchronized int waiting() {
        return waiting;
    }

    private void drain() {
        while (true) {
            Runnable job;
            synchronized (this) {
                job = next();
                if (job == null) {
                    running--;
                    return;
                }
            }
            try {
                job.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "a password check failed", e);
                if (e instanceof Error error) {
                    synchronized (this) {
                        running--;
                    }
                    throw error;
                }
            }
        }
    }

    /** Caller holds this monitor. The next group's oldest job; the group goes to the back of the line. */
    private Runnable next() {
        String group = turns.pollFirst();
        if (group == null) {
            return null;
        }
        ArrayDeque<Runnable> queue = byGroup.get(group);
        Runnable job = queue.pollFirst();
        waiting--;
        if (queue.isEmpty()) {
            byGroup.remove(group);
        } else {
            turns.addLast(group);
        }
        return job;
    }
}
