package org.safehouse.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.protocol.ServerFrame;

/**
 * Publishes the coalesced presence of rooms whose membership changed, at most once per room and
 * {@code presence_interval_ms}: Presence deltas to modern members, the whole OnlineUsers list to Ragnarok members.
 * A {@link Room} marks itself {@link #changed} on every enter and leave; the tick calls {@link #flush}. Thread-safe;
 * {@link #flush} from the tick thread only. See docs/ARCHITECTURE.md.
 */
final class PresenceFlusher {
    private final Set<Room> changed = ConcurrentHashMap.newKeySet();
    private final long intervalMillis;
    private final FrameBudget frameBudget;

    PresenceFlusher(long intervalMillis, FrameBudget frameBudget) {
        this.intervalMillis = intervalMillis;
        this.frameBudget = frameBudget;
    }

    /** Any thread: the room's membership changed; its presence goes out at the next due flush. */
    void changed(Room room) {
        changed.add(room);
    }

    /** The tick: publishes each changed room's presence whose interval has passed since its previous flush. */
    void flush(long nowMillis) {
        for (Room room : changed) {
            RoomPresence presence = room.presence();
            if (!presence.isDue(nowMillis, intervalMillis)) {
                continue;
            }
            changed.remove(room);
            synchronized (room) {
                if (!presence.hasPending()) {
                    continue;
                }
                RoomPresence.Changes changes = presence.take();
                if (room.hasModernMembers() && !changes.isEmpty()) {
                    for (ServerFrame.Presence frame : MemberFrames.presence(room.name(), changes.joined(),
                            changes.left(), room.keysOf(changes.joined()), frameBudget)) {
                        room.log().publish(room.presenceTopic(), frame);
                    }
                }
                if (room.hasLegacyMembers()) {
                    room.log().publish(room.onlineUsersTopic(),
                            MemberFrames.onlineUsers(room.name(), room.nicknames(), frameBudget));
                }
            }
            presence.flushedAt(nowMillis);
        }
    }
}
