package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.SecureRandom;
import java.util.OptionalInt;
import org.safehouse.config.Limits;
import org.safehouse.config.RoomConfig;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.Names;

/**
 * All rooms by key. Rooms from config live forever; rooms created by a join are removed when their last member
 * leaves (under the room's monitor, which also marks the room removed so a racing join retries on a fresh room).
 * Thread-safe.
 */
final class RoomRegistry {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final List<Room> configured = new ArrayList<>();

    private final Limits limits;
    private final SecureRandom random = new SecureRandom();

    RoomRegistry(List<RoomConfig> fromConfig, Limits limits) {
        this.limits = limits;
        for (RoomConfig config : fromConfig) {
            Room room = newRoom(config.name(), Names.key(config.name()), config.title(), config.password(),
                    config.maxMembers(), true, config.requireEncryption());
            rooms.put(room.key, room);
            configured.add(room);
        }
    }

    /** A room with an empty history and a fresh random epoch. */
    Room newRoom(String name, String key, String title, RoomPassword password, OptionalInt maxMembers,
                 boolean fromConfig, boolean requireEncryption) {
        String epoch = Long.toHexString(random.nextLong() | Long.MIN_VALUE);
        return new Room(name, key, title, password, maxMembers, fromConfig, requireEncryption,
                new RoomHistory(limits.historyMessages(), limits.historyMaxAgeSeconds() * 1000L), epoch);
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

    java.util.Collection<Room> all() {
        return rooms.values();
    }

    int count() {
        return rooms.size();
    }

    List<Room> configured() {
        return configured;
    }
}
