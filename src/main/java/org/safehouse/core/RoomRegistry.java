package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.config.RoomConfig;
import org.safehouse.protocol.Names;

/**
 * All rooms by key. Rooms from config live forever; rooms created by a join are removed when their last member
 * leaves (under the room's monitor, which also marks the room removed so a racing join retries on a fresh room).
 * Thread-safe.
 */
final class RoomRegistry {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final List<Room> configured = new ArrayList<>();

    RoomRegistry(List<RoomConfig> fromConfig) {
        for (RoomConfig config : fromConfig) {
            Room room = new Room(config.name(), Names.key(config.name()), config.title(), config.password(),
                    config.maxMembers(), true);
            rooms.put(room.key, room);
            configured.add(room);
        }
    }

    Room find(String key) {
        return rooms.get(key);
    }

    /** @return the room now registered under the key: {@code fresh}, or one that won a race to be created. */
    Room putIfAbsent(Room fresh) {
        Room existing = rooms.putIfAbsent(fresh.key, fresh);
        return existing == null ? fresh : existing;
    }

    /** Caller holds the room's monitor and has seen it empty. */
    void removeEmpty(Room room) {
        if (!room.fromConfig) {
            room.markRemoved();
            rooms.remove(room.key, room);
        }
    }

    int count() {
        return rooms.size();
    }

    List<Room> configured() {
        return configured;
    }
}
