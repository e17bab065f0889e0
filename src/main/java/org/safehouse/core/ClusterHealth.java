package org.safehouse.core;

import java.util.function.Consumer;

/**
 * Whether this node may admit members: in cluster mode, while its Redis answers and its mirrors are in step with it
 * (see docs/DEPLOY.md, "Three nodes, Redis and nginx"). One node alone is always healthy ({@link #ALWAYS}).
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #healthy} MUST NOT block: the core reads it under a session's monitor at every Join, Prove and
 *       Ragnarok handshake, and at every open.</li>
 *   <li>A node that turns unhealthy refuses joins (Error {@code cluster_unavailable}, then close 4011) and new
 *       connections (close 4011) until it is healthy again; the transport closes every live connection with 4011 on
 *       the transition to unhealthy, and /health answers 503.</li>
 *   <li>The transition back to healthy MUST come only after the node's mirrors were brought in step with Redis, so a
 *       client that reconnects here resumes from what Redis holds.</li>
 *   <li>{@link #onChange} listeners hear transitions only, in order, on a thread of the implementation's; they MUST
 *       NOT block (hand long work to another thread) and MUST NOT take core locks while the implementation holds
 *       its own.</li>
 * </ol>
 */
public interface ClusterHealth {
    /** One node, no cluster: always healthy, never changes. */
    ClusterHealth ALWAYS = new ClusterHealth() {
        @Override
        public boolean healthy() {
            return true;
        }

        @Override
        public void onChange(Consumer<Boolean> listener) {
            // never changes
        }
    };

    /** True while this node may admit members. Never blocks. */
    boolean healthy();

    /** Calls {@code listener} with the new state at every transition from now on. */
    void onChange(Consumer<Boolean> listener);
}
