package org.safehouse.testing;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.safehouse.core.MemberDirectory;

/**
 * One member directory shared by the cores of a unit test, each through its {@link #node} view: the rules
 * {@code cluster/RedisMemberDirectory} keeps with Redis (a name held by a live node's member is taken, a dead node's
 * is replaced, {@code maxMembers} counts live members, a node releases only its own claim), with reports delivered at
 * once on the calling thread. A node {@link #kill}ed stops hearing; {@link #noticeGone} is one node's heartbeat check
 * finding it gone. For single-threaded tests only.
 */
public final class SharedMemberDirectory {
    /** By room key, then nickname key. */
    private final Map<String, Map<String, MemberDirectory.Entry>> rooms = new LinkedHashMap<>();
    private final Map<String, MemberDirectory.Listener> listeners = new LinkedHashMap<>();
    private final Set<String> dead = new HashSet<>();

    /** The directory as the node {@code id} sees it. */
    public MemberDirectory node(String id) {
        return new View(id);
    }

    /** The node dies: its members stay listed until a node notices, and it hears nothing more. */
    public void kill(String node) {
        dead.add(node);
        listeners.remove(node);
    }

    /** The node {@code observer} finds the dead nodes' members: they go, and {@code observer} tells its rooms. */
    public void noticeGone(String observer) {
        for (Map.Entry<String, Map<String, MemberDirectory.Entry>> room : rooms.entrySet()) {
            for (MemberDirectory.Entry entry : List.copyOf(room.getValue().values())) {
                if (dead.contains(entry.node())) {
                    room.getValue().remove(entry.nickKey());
                    listeners.forEach((node, listener) -> listener.left(entry.roomKey(), entry.nickKey(),
                            entry.node(), node.equals(observer)));
                }
            }
        }
    }

    /** Who holds names in the room now, live or not. */
    public List<String> holders(String roomKey) {
        return List.copyOf(rooms.getOrDefault(roomKey, Map.of()).keySet());
    }

    private void tellOthers(String from, java.util.function.Consumer<MemberDirectory.Listener> report) {
        for (Map.Entry<String, MemberDirectory.Listener> listener : List.copyOf(listeners.entrySet())) {
            if (!listener.getKey().equals(from)) {
                report.accept(listener.getValue());
            }
        }
    }

    private final class View implements MemberDirectory {
        private final String id;

        View(String id) {
            this.id = id;
        }

        @Override
        public String node() {
            return id;
        }

        @Override
        public Claim claim(Entry member, int maxMembers) {
            Map<String, Entry> room = rooms.computeIfAbsent(member.roomKey(), k -> new LinkedHashMap<>());
            Entry holder = room.get(member.nickKey());
            if (holder != null && !dead.contains(holder.node())) {
                return Claim.TAKEN;
            }
            long live = room.values().stream().filter(e -> !dead.contains(e.node())).count();
            if (maxMembers > 0 && live >= maxMembers) {
                return Claim.FULL;
            }
            room.put(member.nickKey(), member);
            tellOthers(id, listener -> listener.joined(member));
            return Claim.CLAIMED;
        }

        @Override
        public void release(String roomKey, String nickKey) {
            Map<String, Entry> room = rooms.getOrDefault(roomKey, Map.of());
            Entry holder = room.get(nickKey);
            if (holder != null && holder.node().equals(id)) {
                room.remove(nickKey);
                tellOthers(id, listener -> listener.left(roomKey, nickKey, id, false));
            }
        }

        @Override
        public List<Entry> members(String roomKey) {
            List<Entry> live = new ArrayList<>();
            for (Entry entry : rooms.getOrDefault(roomKey, Map.of()).values()) {
                if (!dead.contains(entry.node())) {
                    live.add(entry);
                }
            }
            return live;
        }

        @Override
        public void listen(Listener listener) {
            listeners.put(id, listener);
        }
    }
}
