package org.safehouse.core;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor that runs nothing until the test says so, on the test's thread: password workers made deterministic. */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs every task given so far, and those they give, until none is left. @return how many ran. */
    int runAll() {
        int ran = 0;
        while (true) {
            Runnable next;
            synchronized (this) {
                next = tasks.poll();
            }
            if (next == null) {
                return ran;
            }
            next.run();
            ran++;
        }
    }
}
