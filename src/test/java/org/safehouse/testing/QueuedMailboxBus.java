package org.safehouse.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.MailboxBus;
import org.safehouse.core.ProvenIdentity;

/**
 * A shared mailbox for cores in one test, without Redis: every node that {@link #listen}s is a node of one cluster.
 * It keeps whatever it is given (or refuses once, when told), and holds every outcome and change in one queue until
 * the test {@link #deliver}s them, in call order, to the sender and to every node: so a test can let a join happen
 * between a message being kept and the nodes hearing of it. Not thread-safe: one test thread.
 */
public final class QueuedMailboxBus implements MailboxBus {
    private final List<Listener> nodes = new ArrayList<>();
    private final Queue<Runnable> pending = new ArrayDeque<>();
    private final Map<String, List<HistoryStore.StoredPrivate>> kept = new HashMap<>();
    private final Set<Long> delivered = new HashSet<>();
    private Refusal refuseNext;

    /** The next {@link #keep} is refused for this reason (and nothing is kept). */
    public void refuseNext(Refusal why) {
        refuseNext = why;
    }

    /** Runs every outcome and change queued so far, and those they queue, in order. */
    public void deliver() {
        while (!pending.isEmpty()) {
            pending.remove().run();
        }
    }

    @Override
    public void keep(String roomKey, HistoryStore.StoredPrivate message, String senderGroup, boolean delivered,
                     Outcome outcome) {
        Refusal refusal = refuseNext;
        refuseNext = null;
        if (refusal != null) {
            pending.add(() -> outcome.refused(refusal));
            return;
        }
        pending.add(() -> {
            kept.computeIfAbsent(roomKey, k -> new ArrayList<>()).add(message);
            if (delivered) {
                this.delivered.add(message.toRecipient().id());
            }
            nodes.forEach(node -> node.kept(roomKey, message, delivered, List.of()));
            outcome.kept();
        });
    }

    @Override
    public void markDelivered(String roomKey, Collection<Long> ids) {
        List<Long> copy = List.copyOf(ids);
        pending.add(() -> {
            delivered.addAll(copy);
            nodes.forEach(node -> node.delivered(roomKey, copy));
        });
    }

    @Override
    public void remember(String roomKey, ProvenIdentity identity) {
        pending.add(() -> nodes.forEach(node -> node.remembered(roomKey, identity)));
    }

    /** What was kept in the room, with what was delivered, as far as the changes were {@link #deliver}ed. */
    @Override
    public Contents load(String roomKey) {
        List<HistoryStore.StoredPrivate> messages = List.copyOf(kept.getOrDefault(roomKey, List.of()));
        return new Contents(messages, Set.copyOf(delivered));
    }

    @Override
    public void listen(Listener listener) {
        nodes.add(listener);
    }
}
