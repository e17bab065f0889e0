package org.safehouse.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.safehouse.core.ClusterHealth;

/** A cluster health the test turns off and on; {@link #set} announces a transition to the listeners, as Redis would. */
public final class SwitchedClusterHealth implements ClusterHealth {
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean healthy = true;

    @Override
    public boolean healthy() {
        return healthy;
    }

    @Override
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    /** Sets the state; a change is announced to every listener, on the caller's thread. */
    public synchronized void set(boolean value) {
        if (healthy == value) {
            return;
        }
        healthy = value;
        for (Consumer<Boolean> listener : listeners) {
            listener.accept(value);
        }
    }
}
