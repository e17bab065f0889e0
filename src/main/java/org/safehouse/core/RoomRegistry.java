package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalInt;
import org.safehouse.config.Limits;
import org.safehouse.config.RoomConfig;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ServerFrame;

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

    private final HistoryStore store;
    /** What the history of all rooms may hold together ({@code limits.history_bytes_total}). */
    final HistoryBudget historyBudget;

    /** Configured rooms get back what the store kept of their history, with its epoch; other stored rooms go. */
    RoomRegistry(List<RoomConfig> fromConfig, Limits limits, HistoryStore store) {
        this.limits = limits;
        this.store = store;
        this.historyBudget = new HistoryBudget(limits.historyBytesTotal());
        List<String> keys = new ArrayList<>();
        for (RoomConfig config : fromConfig) {
            String key = Names.key(config.name());
            keys.add(key);
            Optional<HistoryStore.StoredRoom> stored = store.load(key);
            RoomHistory history = newHistory();
            stored.ifPresent(kept -> history.startAfterEvicted(kept.evictedThrough()));
            stored.ifPresent(kept -> kept.messages().forEach(m -> history.append(new ServerFrame.Broadcast(
                    m.message().id(), config.name(), m.message().timestamp(), m.message().sender(),
                    m.message().text()), m.clientKey())));
            String epoch = stored.map(HistoryStore.StoredRoom::epoch).orElseGet(this::newEpoch);
            Room room = new Room(config.name(), key, config.title(), config.password(), config.maxMembers(), true,
                    config.requireEncryption(), history, newMailbox(), epoch);
            // Waiting private messages come back with both parties remembered, so an offline recipient is still
            // known (can be written to) and gets them on its next proven join.
            stored.ifPresent(kept -> kept.privateMessages().forEach(m -> {
                HistoryStore.StoredPrivate message = m.inRoom(config.name());
                room.mailbox.restore(message, kept.deliveredPrivate().contains(message.toRecipient().id()));
                room.mailbox.remember(message.sender());
                room.mailbox.remember(message.recipient());
            }));
            if (stored.isEmpty()) {
                store.startRoom(key, epoch);
            }
            rooms.put(room.key, room);
            configured.add(room);
        }
        store.keepOnly(keys);
    }

    /** The largest message id any room holds (after a restart, new ids must be larger). */
    long largestId() {
        long largest = 0;
        for (Room room : configured) {
            largest = Math.max(largest, Math.max(room.history.newestId(), room.mailbox.newestId()));
        }
        return largest;
    }

    /** A room with an empty history and a fresh random epoch. */
    Room newRoom(String name, String key, String title, RoomPassword password, OptionalInt maxMembers,
                 boolean fromConfig, boolean requireEncryption) {
        return new Room(name, key, title, password, maxMembers, fromConfig, requireEncryption, newHistory(),
                newMailbox(), newEpoch());
    }

    /** Registers a room created by a join; its history is stored while it lives. */
    Room putIfAbsentAndStart(Room fresh) {
        Room winner = putIfAbsent(fresh);
        if (winner == fresh) {
            store.startRoom(fresh.key, fresh.epoch);
        }
        return winner;
    }

    private RoomHistory newHistory() {
        return new RoomHistory(limits.historyMessages(), limits.historyMaxAgeSeconds() * 1000L,
                limits.historyBytesPerRoom(), historyBudget);
    }

    private PrivateMailbox newMailbox() {
        return new PrivateMailbox(limits.mailbox(), limits.historyMaxAgeSeconds() * 1000L);
    }

    private String newEpoch() {
        return Long.toHexString(random.nextLong() | Long.MIN_VALUE);
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
            room.history.discard(); // its bytes go back to the budget
            rooms.remove(room.key, room);
            store.dropRoom(room.key);
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
