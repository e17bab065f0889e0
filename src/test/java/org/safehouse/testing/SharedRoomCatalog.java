package org.safehouse.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.ServerBan;
import org.safehouse.core.SharedStateUnavailable;

/**
 * One room catalog shared by several nodes in one JVM, as Redis shares it in cluster mode: {@link #node()} hands out
 * each node's view, whose claims are atomic across the views and whose changes are queued for the other views'
 * listeners, in order, until {@link #deliver()} hands them on (as the pub/sub thread would, later and elsewhere);
 * it can {@link #becomeUnreachable()}.
 * Not thread-safe: for single-threaded core tests.
 */
public final class SharedRoomCatalog {
    private final Map<String, RoomCatalog.Known> rooms = new LinkedHashMap<>();
    private final Map<String, ServerBan> bans = new LinkedHashMap<>();
    private final byte[] secret = RoomCatalog.randomSecret();
    private final List<Node> nodes = new ArrayList<>();
    private final Deque<Change> changes = new ArrayDeque<>();
    private boolean reachable = true;

    private record Change(Node origin, Consumer<RoomCatalog.Changes> apply) {
    }

    /** A new node's view of the catalog. */
    public RoomCatalog node() {
        Node node = new Node();
        nodes.add(node);
        return node;
    }

    /** From now on a claim or a lookup times out, as when Redis does not answer ({@link SharedStateUnavailable}). */
    public void becomeUnreachable() {
        reachable = false;
    }

    private void answering() {
        if (!reachable) {
            throw new SharedStateUnavailable("Redis did not answer within 2000 ms", null);
        }
    }

    /** Hands every queued change to every node but the one that made it, in the order they were made. */
    public void deliver() {
        while (!changes.isEmpty()) {
            Change change = changes.removeFirst();
            for (Node node : nodes) {
                if (node != change.origin() && node.listener != null) {
                    change.apply().accept(node.listener);
                }
            }
        }
    }

    private final class Node implements RoomCatalog {
        private Changes listener;

        private void publish(Consumer<Changes> apply) {
            changes.addLast(new Change(this, apply));
        }

        private String epochOf(String key) {
            Known known = rooms.get(key);
            return known == null ? "unknown" : known.epoch();
        }

        @Override
        public List<Entry> load() {
            return rooms.values().stream().map(Known::entry).toList();
        }

        @Override
        public Optional<Known> claim(Entry entry, String epoch) {
            answering();
            Known existing = rooms.get(entry.key());
            if (existing != null) {
                return Optional.of(existing);
            }
            Known created = new Known(entry, epoch);
            rooms.put(entry.key(), created);
            publish(changes -> changes.created(created));
            return Optional.empty();
        }

        @Override
        public Optional<Known> lookup(String roomKey) {
            answering();
            return Optional.ofNullable(rooms.get(roomKey));
        }

        @Override
        public void listen(Changes changes) {
            listener = changes;
        }

        @Override
        public void remember(Entry entry) {
            rooms.put(entry.key(), new Known(entry, epochOf(entry.key())));
            publish(changes -> changes.changed(entry));
        }

        @Override
        public void forget(String roomKey) {
            rooms.remove(roomKey);
            publish(changes -> changes.emptied(roomKey));
        }

        @Override
        public void deleted(String roomKey, Optional<String> by) {
            rooms.remove(roomKey);
            publish(changes -> changes.deleted(roomKey, by));
        }

        @Override
        public void wiped(Entry fresh, String epoch, Optional<String> by) {
            Known known = new Known(fresh, epoch);
            rooms.put(fresh.key(), known);
            publish(changes -> changes.wiped(known, by));
        }

        @Override
        public boolean keepsRooms() {
            return true;
        }

        @Override
        public byte[] serverSecret() {
            return secret.clone();
        }

        @Override
        public List<ServerBan> loadServerBans() {
            return List.copyOf(bans.values());
        }

        @Override
        public void rememberServerBan(ServerBan ban) {
            bans.put(ban.id(), ban);
            publish(changes -> changes.serverBanned(ban));
        }

        @Override
        public void forgetServerBan(String id) {
            bans.remove(id);
            publish(changes -> changes.serverBanLifted(id));
        }

        @Override
        public void close() {
        }
    }
}
