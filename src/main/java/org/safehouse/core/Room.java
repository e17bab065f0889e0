package org.safehouse.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.RenderedNameList;
import org.safehouse.protocol.RenderedNames;

/**
 * A room's state. Every field that changes is guarded by the room's monitor ({@code synchronized (room)}); the
 * monitor is also held while a frame of the room gets its id and is published, so every member sees the room's
 * frames in id order.
 */
final class Room {
    private final String name;
    private final String key;
    private final String title;
    private final RoomPassword password;
    private final OptionalInt maxMembers;
    private final boolean fromConfig;
    /** Private messages must be end-to-end encrypted; members must prove keys to join. */
    private final boolean requireEncryption;
    private final String roomTopic;
    private final String presenceTopic;
    private final String onlineUsersTopic;

    /** By nickname key, in joining order. */
    private final Map<String, Member> members = new LinkedHashMap<>();
    /**
     * The members' display names in the same order, with their JSON rendered as each joined, kept beside the map
     * because every join sends the whole list (Joined.users, OnlineUsers): copying rendered text is far cheaper than
     * walking the map and escaping every name again, which matters when thousands join. A leave only drops it
     * (null: stale), so a leave stays O(1); the next {@link #nicknames} renders it afresh from the map, once, at the
     * cost of the one list it is about to send anyway.
     */
    private RenderedNameList names = new RenderedNameList();
    private int membersWithKeys;
    /** Last change per display name since the previous Presence: true = joined, false = left. */
    private final Map<String, Boolean> pendingPresence = new LinkedHashMap<>();
    private boolean onlineUsersDirty;
    private int legacyMembers;
    private boolean removed;
    /** Changes whenever this room's history starts afresh (a new room object: created, or after a restart). */
    private final String epoch;
    private final RoomHistory history;
    private final PrivateMailbox mailbox;

    Room(String name, String key, String title, RoomPassword password, OptionalInt maxMembers, boolean fromConfig,
         boolean requireEncryption, RoomHistory history, PrivateMailbox mailbox, String epoch) {
        this.requireEncryption = requireEncryption;
        this.history = history;
        this.epoch = epoch;
        this.mailbox = mailbox;
        this.name = name;
        this.key = key;
        this.title = title;
        this.password = password;
        this.maxMembers = maxMembers;
        this.fromConfig = fromConfig;
        this.roomTopic = Topics.room(key);
        this.presenceTopic = Topics.presence(key);
        this.onlineUsersTopic = Topics.onlineUsers(key);
    }

    // Immutable: any thread.

    String name() {
        return name;
    }

    String key() {
        return key;
    }

    String title() {
        return title;
    }

    RoomPassword password() {
        return password;
    }

    OptionalInt maxMembers() {
        return maxMembers;
    }

    boolean fromConfig() {
        return fromConfig;
    }

    boolean requireEncryption() {
        return requireEncryption;
    }

    String roomTopic() {
        return roomTopic;
    }

    String presenceTopic() {
        return presenceTopic;
    }

    String onlineUsersTopic() {
        return onlineUsersTopic;
    }

    String epoch() {
        return epoch;
    }

    RoomHistory history() {
        return history;
    }

    PrivateMailbox mailbox() {
        return mailbox;
    }

    // All methods below: caller holds the room's monitor.

    Member member(String nickKey) {
        return members.get(nickKey);
    }

    int size() {
        return members.size();
    }

    boolean isFull() {
        return maxMembers.isPresent() && members.size() >= maxMembers.getAsInt();
    }

    boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    void add(Member member) {
        members.put(member.nickKey(), member);
        if (names != null) {
            names.add(member.nick());
        }
        if (member.keys().isPresent()) {
            membersWithKeys++;
        }
        if (member.session().isLegacy()) {
            legacyMembers++;
        }
        pendingPresence.put(member.nick(), Boolean.TRUE);
        onlineUsersDirty = true;
    }

    /** @return whether the member was there (and is now gone). */
    boolean remove(Member member) {
        if (members.get(member.nickKey()) != member) {
            return false;
        }
        members.remove(member.nickKey());
        names = null;
        if (member.keys().isPresent()) {
            membersWithKeys--;
        }
        if (member.session().isLegacy()) {
            legacyMembers--;
        }
        pendingPresence.put(member.nick(), Boolean.FALSE);
        onlineUsersDirty = true;
        return true;
    }

    /** The members' display names in joining order, with their JSON: an immutable snapshot, safe to send. */
    RenderedNames nicknames() {
        if (names == null) {
            names = new RenderedNameList();
            for (Member member : members.values()) {
                names.add(member.nick());
            }
        }
        return names.snapshot();
    }

    /** Proven public keys of the members that have them, by nickname. */
    Map<String, org.safehouse.protocol.PublicKeys> keys() {
        Map<String, org.safehouse.protocol.PublicKeys> keys = new LinkedHashMap<>();
        if (membersWithKeys == 0) {
            return keys; // the usual room: no need to look at every member
        }
        for (Member member : members.values()) {
            member.publicKeys().ifPresent(k -> keys.put(member.nick(), k));
        }
        return keys;
    }

    /** Keys of those named in a Presence {@code joined} list who are members now and have keys. */
    Map<String, org.safehouse.protocol.PublicKeys> keysOf(List<String> nicks) {
        Map<String, org.safehouse.protocol.PublicKeys> keys = new LinkedHashMap<>();
        for (String nick : nicks) {
            Member member = members.get(org.safehouse.protocol.Names.key(nick));
            if (member != null && member.nick().equals(nick)) {
                member.publicKeys().ifPresent(k -> keys.put(nick, k));
            }
        }
        return keys;
    }

    boolean hasPendingPresence() {
        return !pendingPresence.isEmpty() || onlineUsersDirty;
    }

    boolean hasLegacyMembers() {
        return legacyMembers > 0;
    }

    boolean hasModernMembers() {
        return members.size() > legacyMembers;
    }

    /** Takes the pending changes: [joined, left], disjoint, and clears them. */
    List<List<String>> takePresence() {
        List<String> joined = new ArrayList<>();
        List<String> left = new ArrayList<>();
        for (Map.Entry<String, Boolean> change : pendingPresence.entrySet()) {
            (change.getValue() ? joined : left).add(change.getKey());
        }
        pendingPresence.clear();
        onlineUsersDirty = false;
        return List.of(joined, left);
    }
}
