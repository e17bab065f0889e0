package org.safehouse.storage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one queue between the threads that call {@link SqliteHistoryStore} and its writer thread, bounded in tasks and
 * in bytes ({@link WriteTask#bytes}). {@link #offer} never blocks.
 *
 * <ol>
 *   <li>Below its bounds ({@code maxTasks}, {@code maxBytes}) the queue {@link #acceptsNewMessages}: the core asks
 *       before it delivers a message, and refuses the message with {@code server_busy} when not (so a message is
 *       either refused or kept, never acknowledged and then dropped).</li>
 *   <li>Above them, tasks are still taken into a reserve of the same size again: the follow-ups of messages already
 *       taken (deliveries, deletions, rooms started or dropped), and the few appends that asked just before the
 *       queue filled. Past twice the bounds {@link #offer} refuses the task, unless it is a purge
 *       ({@link WriteTask#refusableWhenFull}).</li>
 *   <li>After {@link #close} it refuses every task; the writer takes what is left, then stops.</li>
 * </ol>
 *
 * <p>Thread-safety: all state is guarded by one lock, held only to add or take tasks, never while writing.
 */
final class WriteQueue {
    /** What {@link #offer} did with a task. */
    enum Offer { TAKEN, FULL, CLOSED }

    private final int maxTasks;
    private final long maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<WriteTask> tasks = new ArrayDeque<>();
    private long bytes;
    private boolean closed;

    WriteQueue(int maxTasks, long maxBytes) {
        if (maxTasks < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("a write queue holds at least one task and one byte");
        }
        this.maxTasks = maxTasks;
        this.maxBytes = maxBytes;
    }

    /** Whether the queue is below its bounds (a closed queue is empty, and so is). */
    boolean acceptsNewMessages() {
        lock.lock();
        try {
            return tasks.size() < maxTasks && bytes < maxBytes;
        } finally {
            lock.unlock();
        }
    }

    Offer offer(WriteTask task) {
        long size = task.bytes();
        lock.lock();
        try {
            if (closed) {
                return Offer.CLOSED;
            }
            if (task.refusableWhenFull() && (tasks.size() >= 2L * maxTasks || bytes + size > 2 * maxBytes)) {
                return Offer.FULL;
            }
            tasks.addLast(task);
            bytes += size;
            notEmpty.signal();
            return Offer.TAKEN;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes up to {@code max} tasks, oldest first, waiting up to {@code waitMillis} for the first one; an empty list
     * when none came or the queue is closed and empty.
     */
    List<WriteTask> take(int max, long waitMillis) throws InterruptedException {
        long waitNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
        lock.lock();
        try {
            while (tasks.isEmpty() && !closed && waitNanos > 0) {
                waitNanos = notEmpty.awaitNanos(waitNanos);
            }
            List<WriteTask> batch = new ArrayList<>(Math.min(max, tasks.size()));
            while (batch.size() < max && !tasks.isEmpty()) {
                WriteTask task = tasks.removeFirst();
                bytes -= task.bytes();
                batch.add(task);
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the queue is closed and holds nothing more: the writer's signal to stop. */
    boolean drained() {
        lock.lock();
        try {
            return closed && tasks.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
