package org.safehouse.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import org.safehouse.config.Limits;
import org.safehouse.config.RoomConfig;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.RemovalReason;
import org.safehouse.protocol.RoomSeal;
import org.safehouse.protocol.ServerFrame;

/**
 * All rooms by key. Rooms from config live forever. A room someone owns ({@link RoomRules#owned}) stays when empty,
 * with its password, rules and history: in memory until a restart, and across restarts when the {@link RoomCatalog}
 * keeps rooms (durable history). Other rooms created by a join are removed when their last member leaves (under the
 * room's monitor, which also marks the room removed so a racing join retries on a fresh room), unless the catalog
 * keeps rooms: then such a room stays while its history holds anything, also across a restart. Every change of a
 * room's rules or password is remembered in the catalog (config rooms' too, so their rules outlive a restart).
 * Thread-safe.
 */
final class RoomRegistry {
    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    /** Replaced only by a wipe ({@link #replaceWiped}); read without a lock. */
    private final List<Room> configured = new CopyOnWriteArrayList<>();

    private final HistoryStore store;
    private final RoomCatalog catalog;
    private final RoomFactory factory;
    private final MemberDirectory directory;
    /** The rooms' invites and admissions (docs/PROTOCOL.md "Invites"), kept where the catalog keeps rooms. */
    private final InviteStore invites;

    /**
     * Configured rooms, then the created rooms the catalog kept, get back what the store kept of their history,
     * with its epoch, and their rules; other stored rooms go. A catalogued room that nobody owns and whose history is
     * gone is forgotten. A configured room takes the rules the catalog kept for it.
     */
    RoomRegistry(List<RoomConfig> fromConfig, Limits limits, HistoryStore store, RoomCatalog catalog, MessageLog log,
                 PresenceFlusher presence) {
        this(fromConfig, limits, store, catalog, log, presence, MemberDirectory.LOCAL);
    }

    /** @param directory where every room's members claim and release their names (cluster-wide) */
    RoomRegistry(List<RoomConfig> fromConfig, Limits limits, HistoryStore store, RoomCatalog catalog, MessageLog log,
                 PresenceFlusher presence, MemberDirectory directory) {
        this.store = store;
        this.catalog = catalog;
        this.directory = directory;
        this.factory = new RoomFactory(limits, log, presence, directory, this::remember);
        List<String> keys = new ArrayList<>();
        Map<String, RoomRules> configuredRules = new java.util.HashMap<>();
        for (RoomConfig config : fromConfig) {
            String key = Names.key(config.name());
            keys.add(key);
            configuredRules.put(key, RoomRules.DEFAULT);
        }
        List<RoomCatalog.Entry> kept = catalog.load();
        this.invites = catalog.invites();
        for (RoomCatalog.Entry entry : kept) {
            configuredRules.computeIfPresent(entry.key(), (k, unused) -> entry.rules());
        }
        for (RoomConfig config : fromConfig) {
            String key = Names.key(config.name());
            RoomPassword password = catalog.rotatedPassword(key).<RoomPassword>map(RoomPassword.Hashed::new)
                    .orElse(config.password()); // the operator's rotation outranks the file
            configured.add(restore(new Room.Settings(config.name(), key, config.title(), password,
                    fileWins(config, configuredRules.get(key)), true, config.requireEncryption(), Optional.empty())));
        }
        for (RoomCatalog.Entry entry : kept) {
            if (rooms.containsKey(entry.key())) {
                continue; // a configured room: its rules were taken above
            }
            if (!entry.rules().owned() && store.load(entry.key()).map(r -> r.messages().isEmpty()).orElse(true)) {
                catalog.forget(entry.key()); // nobody owns it and nothing is left to protect
                continue;
            }
            keys.add(entry.key());
            restore(RoomFactory.settingsOf(entry));
        }
        store.keepOnly(keys);
    }

    /**
     * A configured room's rules: those its owner and moderators left (kept by the catalog), except what the file
     * names, which is the operator's word at every start: {@code max_members} and {@code owner_key} (the owner, even
     * after a hand-over: see docs/PROTOCOL.md).
     */
    private static RoomRules fileWins(RoomConfig config, RoomRules kept) {
        RoomRules rules = config.maxMembers().isPresent() ? kept.withMaxMembers(config.maxMembers().getAsInt()) : kept;
        if (config.ownerKey().isEmpty()) {
            return rules;
        }
        java.util.Set<String> moderators = new java.util.HashSet<>(rules.moderatorKeys());
        moderators.remove(config.ownerKey().get());
        return rules.withOwnerKey(config.ownerKey()).withModeratorKeys(moderators);
    }

    private Room restore(Room.Settings settings) {
        Optional<HistoryStore.StoredRoom> stored = store.load(settings.key());
        Room room = factory.restored(settings, stored,
                stored.map(HistoryStore.StoredRoom::epoch).orElseGet(factory::newEpoch));
        if (stored.isEmpty()) {
            store.startRoom(room.key(), room.epoch());
        }
        rooms.put(room.key(), room);
        return room;
    }

    /**
     * A room this node has not heard of but the catalog holds (created on another node): hydrated with its rules,
     * password, epoch and what the store holds of its history, and registered. May block (join path only).
     *
     * @return the room now registered under the key, or null when the catalog holds none
     */
    Room lookup(String key) {
        return catalog.lookup(key).map(this::hydrate).orElse(null);
    }

    /** Caller holds no room's monitor: the store and the member directory may block. */
    private Room hydrate(RoomCatalog.Known known) {
        Optional<HistoryStore.StoredRoom> stored = store.load(known.entry().key());
        Room hydrated = factory.restored(RoomFactory.settingsOf(known.entry()), stored,
                stored.map(HistoryStore.StoredRoom::epoch).orElse(known.epoch()));
        Room winner = putIfAbsent(hydrated);
        if (winner == hydrated) {
            RemoteMembers.resync(directory, hydrated); // registered first, so reports from now on find it
        }
        return winner;
    }

    /**
     * Another node created a room (cluster mode; on the catalog's listener thread): registered with an empty
     * history and its epoch, since nothing of it was published before its creation. Never blocks.
     */
    void createdElsewhere(RoomCatalog.Known known) {
        if (!rooms.containsKey(known.entry().key())) {
            putIfAbsent(factory.empty(RoomFactory.settingsOf(known.entry()), known.epoch()));
        }
    }

    /** The largest message id any room holds (after a restart, new ids must be larger). */
    long largestId() {
        long largest = 0;
        for (Room room : rooms.values()) {
            largest = Math.max(largest, Math.max(room.history().newestId(), room.mailbox().newestId()));
        }
        return largest;
    }

    /** A room for a join to create: an empty history, a fresh random epoch, and founding until that join enters. */
    Room newRoom(Room.Settings settings) {
        Room room = factory.empty(settings, factory.newEpoch());
        room.markFounding();
        return room;
    }

    /**
     * Registers a room created by a join; its history is stored, and it is catalogued, while it lives. The catalog's
     * claim comes first: when another node created the room meanwhile, that room is hydrated and returned instead
     * (the claim may block: join path only, holding no room's monitor).
     */
    Room putIfAbsentAndStart(Room fresh) {
        Optional<RoomCatalog.Known> other = catalog.claim(RoomFactory.entryOf(fresh), fresh.epoch());
        if (other.isPresent()) {
            return hydrate(other.get());
        }
        Room winner = putIfAbsent(fresh);
        if (winner == fresh) {
            store.startRoom(fresh.key(), fresh.epoch());
            remember(fresh);
        }
        return winner;
    }

    /** Keeps the room's name, password and rules as they are now (a created room's, or a configured one's rules). */
    private void remember(Room room) {
        catalog.remember(RoomFactory.entryOf(room));
    }

    Room find(String key) {
        return rooms.get(key);
    }

    /**
     * The seal of the room under the key, if it exists and is sealed: this node's room, or (cluster mode) the
     * catalog's, read without hydrating a room nobody here is in. May block (the catalog's lookup).
     */
    Optional<RoomSeal> sealOf(String key) {
        Room room = rooms.get(key);
        if (room != null) {
            return room.rules().seal();
        }
        return catalog.lookup(key).flatMap(known -> known.entry().rules().seal());
    }

    /** @return the room now registered under the key: {@code fresh}, or one that won a race to be created. */
    Room putIfAbsent(Room fresh) {
        Room existing = rooms.putIfAbsent(fresh.key(), fresh);
        return existing == null ? fresh : existing;
    }

    /**
     * Caller holds the room's monitor and has seen it empty. A created room goes, unless someone owns it, or the
     * catalog keeps rooms and its history still holds messages (then it stays until they expire: see
     * {@link #expireHistory}).
     */
    /** The rooms' invites and admissions. */
    InviteStore invites() {
        return invites;
    }

    void removeEmpty(Room room) {
        if (room.fromConfig() || room.rules().owned() || (catalog.keepsRooms() && room.history().size() > 0)) {
            return;
        }
        remove(room);
    }

    /**
     * Deletes a room (its owner's DeleteRoom, or the operator's): every member is taken out with {@code Removed}
     * (deleted, {@code by}; a Ragnarok connection is closed with 4007), its history and kept private messages go from
     * memory and are erased from the store, and the catalog forgets it, so a room of the same name starts afresh with
     * nobody owning it. Takes the room's monitor (the caller may hold it already).
     *
     * @param by the deleting member's nickname; empty when the operator deleted it
     */
    void delete(Room room, Optional<String> by, RoomRemovals removals) {
        ServerFrame.Removed removed = new ServerFrame.Removed(room.name(), RemovalReason.DELETED, by,
                Optional.empty());
        synchronized (room) {
            if (room.isRemoved()) {
                return;
            }
            for (Member member : room.members()) {
                removals.remove(room, member, removed, true);
            }
            purge(room, by);
        }
    }

    /** Caller holds the room's monitor: gone from memory and the catalog, and erased from the store. */
    private void purge(Room room, Optional<String> by) {
        forgetHere(room);
        catalog.deleted(room.key(), by);
        invites.dropRoom(room.key());
        store.purgeRoom(room.key()); // erased securely, not only deleted
    }

    /**
     * The panic wipe of a room, once its members are out ({@link PanicWipe}): its history and kept private messages
     * go from memory and are erased from the store, and a fresh room takes its place under the same key, with a new
     * epoch, the same rules and {@code password} (a configured room's new password outranks config.json at the next
     * start), and a sealed room's {@code newSeal} when given (kept with the rules: the catalog, so other nodes and the
     * next start have it). A join whose password was checked against the old room checks again ({@link Joining}). A
     * room nobody would keep (created, unowned: only the operator wipes it) is deleted instead. Caller holds the old
     * room's monitor, and no other room's.
     */
    void replaceWiped(Room room, RoomPassword password, Optional<RoomSeal> newSeal, Optional<String> by) {
        if (!room.fromConfig() && !room.rules().owned()) {
            purge(room, by); // nothing would keep the fresh room: it goes as an emptied one does
            return;
        }
        store.purgeRoom(room.key());
        RoomRules rules = newSeal.isPresent() ? room.rules().withSeal(newSeal) : room.rules();
        Room fresh = replace(room, password, rules, factory.newEpoch());
        store.startRoom(fresh.key(), fresh.epoch());
        catalog.wiped(RoomFactory.entryOf(fresh), fresh.epoch(), by);
        invites.dropRoom(fresh.key()); // the new verifier voids them anyway; this frees them
        if (fresh.fromConfig() && password != room.password() && password instanceof RoomPassword.Hashed hashed) {
            catalog.rotatePassword(fresh.key(), hashed.phc());
        }
        rooms.put(fresh.key(), fresh); // last: no join finds it before it is complete
    }

    /**
     * Another node wiped the room (cluster mode), whose members here are out already: a fresh room takes its place
     * here too, with the rules, password and epoch that node gave it; the store and catalog have them already.
     * Caller holds the old room's monitor.
     */
    void wipedElsewhere(Room room, RoomCatalog.Known fresh) {
        RoomCatalog.Entry entry = fresh.entry();
        Room replacement = replace(room, RoomFactory.passwordOf(entry), entry.rules(), fresh.epoch());
        rooms.put(replacement.key(), replacement);
    }

    /** Caller holds the old room's monitor: it is removed and emptied, and the fresh one replaces it in the list. */
    private Room replace(Room room, RoomPassword password, RoomRules rules, String epoch) {
        room.markRemoved();
        room.history().discard();
        room.mailbox().discard();
        Room fresh = factory.empty(new Room.Settings(room.name(), room.key(), room.title(), password, rules,
                room.fromConfig(), room.requireEncryption(), Optional.empty()), epoch);
        configured.replaceAll(r -> r == room ? fresh : r);
        return fresh;
    }

    /** Caller holds the room's monitor. */
    private void remove(Room room) {
        forget(room);
        store.dropRoom(room.key());
    }

    /** Caller holds the room's monitor: the room is gone from memory and from the catalog. */
    private void forget(Room room) {
        forgetHere(room);
        catalog.forget(room.key());
        invites.roomForgotten(room.key());
    }

    /**
     * Caller holds the room's monitor: the room is gone from this node's memory (also when another node deleted
     * it, or forgot it empty: cluster mode), not from the catalog or the store.
     */
    void forgetHere(Room room) {
        room.markRemoved();
        room.history().discard(); // its bytes go back to the budget
        room.mailbox().discard();
        rooms.remove(room.key(), room);
    }

    /**
     * Removes a room created for a join that never completed, if nobody is in it: also an owned one, since nobody
     * ever entered it (a failed proof must not leave a room its founder never held). Takes the room's monitor.
     */
    void dropIfEmpty(Room room) {
        synchronized (room) {
            if (room.size() == 0 && !room.isRemoved()) {
                if (room.isFounding()) {
                    remove(room);
                } else {
                    removeEmpty(room);
                }
            }
        }
    }

    /** The tick: drops expired history and private messages, and kept rooms whose history has all expired. */
    void expireHistory(long nowMillis) {
        for (Room room : rooms.values()) {
            synchronized (room) {
                room.history().expire(nowMillis);
                room.mailbox().expire(nowMillis);
                if (room.size() == 0 && !room.isRemoved()) {
                    removeEmpty(room); // a kept room whose history has all expired
                }
            }
        }
    }

    HistoryBudget historyBudget() {
        return factory.historyBudget();
    }

    int count() {
        return rooms.size();
    }

    List<Room> configured() {
        return configured;
    }

    /** Every room now: a snapshot, for whoever must look across rooms (one room's monitor at a time). */
    Collection<Room> all() {
        return List.copyOf(rooms.values());
    }
}
