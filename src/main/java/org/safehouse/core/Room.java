package org.safehouse.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.safehouse.config.RoomPassword;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.crypto.SignedDeviceList;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.DeviceList;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.PublicKeys;
import org.safehouse.protocol.RenderedNameList;
import org.safehouse.protocol.RenderedNames;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.ServerFrame;

/**
 * A room: its members, their subscriptions to the room's topics, and its presence. It is the only class that changes
 * them: {@link #enter} adds a member and subscribes it, {@link #leave} removes it and unsubscribes it (and gives its
 * name back to the {@link MemberDirectory}), and both record the presence change ({@link RoomPresence}) for the
 * {@link PresenceFlusher}. In a cluster it also mirrors the members other nodes hold ({@link RemoteMember}: in the
 * member list, keys and roles, never subscribed here), which {@link #remoteJoined} and {@link #remoteLeft} change; only
 * a member's own node records its presence change, so each change is published once for the whole cluster (a member
 * of a dead node is told by the one node that noticed first). Every field that changes is guarded by the room's
 * monitor, which is also held while a frame of the room is numbered and published (see docs/ARCHITECTURE.md).
 * Its rules and password are its {@link RoomGovernance}'s.
 */
final class Room {
    /** What a newcomer gets before any room frame: called under the room's monitor, once it is a member. */
    @FunctionalInterface
    interface Greeting {
        void greet(Member member, RenderedNames users);
    }

    private final String name;
    private final String key;
    private final String title;
    private final RoomGovernance governance;
    private final boolean fromConfig;
    /** Private messages must be end-to-end encrypted; members must prove keys to join. */
    private final boolean requireEncryption;
    private final String roomTopic;
    private final String presenceTopic;
    private final String onlineUsersTopic;
    /** Changes whenever this room's history starts afresh (a new room object: created, or after a restart). */
    private final String epoch;
    private final RoomHistory history;
    private final PrivateMailbox mailbox;
    private final MessageLog log;
    private final PresenceFlusher presenceFlusher;
    private final MemberDirectory directory;
    private final RoomPresence presence = new RoomPresence();

    /**
     * This node's members, by nickname key: each name's connections in joining order. One, unless a person joined
     * from several devices under one identity key (at most {@link DeviceList#MAX_DEVICES}); the one listed in
     * {@link #everyone} is the device whose keys the room is shown (the newest device list).
     */
    private final Map<String, List<Member>> members = new HashMap<>();
    /** The newest device list proven under each nickname, online or not. */
    private final RoomDeviceLists deviceLists = new RoomDeviceLists();
    /** Other nodes' members, by nickname key. */
    private final Map<String, RemoteMember> remote = new HashMap<>();
    /**
     * Both, by nickname key, in joining order: the member list. Other nodes' members come in the order this node
     * learned of them, so two nodes may list members who joined on different nodes at nearly the same moment in
     * either order.
     */
    private final Map<String, RoomOccupant> everyone = new LinkedHashMap<>();
    /**
     * The members' display names in the same order, with their JSON rendered as each joined, kept beside the map
     * because every join sends the whole list (Joined.users, OnlineUsers): copying rendered text is far cheaper than
     * walking the map and escaping every name again, which matters when thousands join. A leave only drops it
     * (null: stale), so a leave stays O(1); the next {@link #nicknames} renders it afresh from the map, once, at the
     * cost of the one list it is about to send anyway.
     */
    private RenderedNameList names = new RenderedNameList();
    private int membersWithKeys;
    private int legacyMembers;
    private boolean removed;
    /** Created by a join that has not entered yet: if that join fails, the room goes even when owned. */
    private boolean founding;

    /**
     * What a room is, beside its members: names, its first password and rules, and who founded it.
     *
     * @param founderKey the fingerprint of the keys a Join created the room with (owner once proven)
     */
    record Settings(String name, String key, String title, RoomPassword password, RoomRules rules,
                    boolean fromConfig, boolean requireEncryption, Optional<String> founderKey) {
    }

    /**
     * @param directory claims are made before {@link #enter} (they may block); {@link #leave} releases
     * @param persist   called (under the room's monitor) whenever its rules or password change
     */
    Room(Settings settings, RoomHistory history, PrivateMailbox mailbox, String epoch, MessageLog log,
         PresenceFlusher presenceFlusher, MemberDirectory directory, Consumer<Room> persist) {
        this.name = settings.name();
        this.key = settings.key();
        this.title = settings.title();
        this.governance = new RoomGovernance(settings.rules(), settings.password(), settings.founderKey(),
                () -> persist.accept(this));
        this.fromConfig = settings.fromConfig();
        this.requireEncryption = settings.requireEncryption();
        this.history = history;
        this.mailbox = mailbox;
        this.epoch = epoch;
        this.log = log;
        this.presenceFlusher = presenceFlusher;
        this.directory = directory;
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

    /** Lock-free: the password as it is now (its owner may change it). */
    RoomPassword password() {
        return governance.password();
    }

    /** Lock-free: the rules as they are now. */
    RoomRules rules() {
        return governance.rules();
    }

    /** Lock-free: the member's role now. */
    Role roleOf(RoomOccupant member) {
        return governance.roleOf(member);
    }

    /**
     * The id after which the member may see history: none before its join when the room hides history from
     * newcomers and it is a plain member (it also sees nothing older on a resume or when paging back), else all.
     */
    long historyFloor(Member member) {
        return rules().historyForNewcomers() || roleOf(member) != Role.MEMBER ? Long.MIN_VALUE
                : member.joinedAfterId();
    }

    /** Changes to rules and password, under the room's monitor. */
    RoomGovernance governance() {
        return governance;
    }

    boolean fromConfig() {
        return fromConfig;
    }

    boolean requireEncryption() {
        return requireEncryption;
    }

    String epoch() {
        return epoch;
    }

    /** Chat frames of the room, for every member. */
    String topic() {
        return roomTopic;
    }

    String presenceTopic() {
        return presenceTopic;
    }

    String onlineUsersTopic() {
        return onlineUsersTopic;
    }

    /** Guarded by the room's monitor (and its own, a leaf lock). */
    RoomHistory history() {
        return history;
    }

    /** Guarded by the room's monitor. */
    PrivateMailbox mailbox() {
        return mailbox;
    }

    MessageLog log() {
        return log;
    }

    /** Guarded as {@link RoomPresence} says. */
    RoomPresence presence() {
        return presence;
    }

    /**
     * Adds a member and subscribes its connection to the room's frames, its presence (Presence or OnlineUsers, by
     * kind of connection) and its private messages. The greeting is queued before the subscriptions, so every room
     * frame published afterwards follows it. The caller has claimed the name in the {@link MemberDirectory}: another
     * node's member still listed under it here belonged to a node that is gone, and goes. When the directory counts
     * members for the room's limit (a cluster), its claim decided {@code room_full}, not this room's mirror, which may
     * lag behind. Takes the room's monitor.
     *
     * @param ownerByPassword whether the join proved the room's owner password
     * <p>A name held here by a device of the same person (the same identity key, see {@link DeviceListCheck}) is not
     * taken: the newcomer is another device of that member, under the same name, in the list once. When its device
     * list is newer than the one shown, the name is announced again (Presence {@code joined}) with its keys.
     *
     * @return the new member, or null when the room was removed meanwhile (the caller retries)
     * @throws ChatError {@code name_taken}, {@code room_full}, or {@code bad_keys} for a device its person unlinked
     */
    Member enter(ChatSession session, String nick, Optional<IdentityKeys> keys, boolean ownerByPassword,
                 Greeting greeting) throws ChatError {
        String nickKey = Names.key(nick);
        synchronized (this) {
            if (removed) {
                return null;
            }
            List<Member> devices = members.get(nickKey);
            if (devices != null && !devices.get(0).samePerson(keys)) {
                throw new ChatError(ErrorCode.NAME_TAKEN, "that nickname is taken in this room", Optional.of(name));
            }
            if (devices != null && devices.stream().anyMatch(device -> device.fingerprint()
                    .equals(keys.map(IdentityKeys::fingerprint)))) { // a second connection of one device: a leaked code
                throw new ChatError(ErrorCode.NAME_TAKEN, "this device is in the room already", Optional.of(name));
            }
            if (devices != null && devices.size() >= DeviceList.MAX_DEVICES) {
                throw new ChatError(ErrorCode.NAME_TAKEN, "this person has " + DeviceList.MAX_DEVICES
                        + " devices in this room already", Optional.of(name));
            }
            checkNotUnlinked(nickKey, keys);
            RemoteMember displaced = devices == null ? remote.get(nickKey) : null;
            int maxMembers = governance.rules().maxMembers();
            if (devices == null && maxMembers > 0 && !directory.countsMembers()
                    && everyone.size() - (displaced == null ? 0 : 1) >= maxMembers) {
                throw new ChatError(ErrorCode.ROOM_FULL, "the room is full", Optional.of(name));
            }
            if (displaced != null) {
                remote.remove(nickKey);
                drop(displaced);
                presence.left(displaced.nick());
            }
            Member member = new Member(nick, nickKey, session, this, Topics.member(key, nickKey), keys,
                    ownerByPassword, history.newestId());
            founding = false;
            governance.claimByFounder(member);
            if (devices == null) {
                add(member);
            } else {
                addDevice(devices, member);
            }
            keys.flatMap(IdentityKeys::person).ifPresent(list -> deviceLists.proven(nick, nickKey, list));
            greeting.greet(member, nicknames());
            Subscriber subscriber = session.connection().subscriber();
            log.subscribe(roomTopic, subscriber);
            log.subscribe(session.isLegacy() ? onlineUsersTopic : presenceTopic, subscriber);
            log.subscribe(member.directTopic(), subscriber);
            member.deviceTopic().ifPresent(topic -> log.subscribe(topic, subscriber));
            presenceFlusher.changed(this);
            if (governance.roleOf(member) != Role.MEMBER) {
                publishRoles();
            }
            return member;
        }
    }

    /**
     * Removes the member and its subscriptions, and records the presence change. Caller holds the room's monitor.
     *
     * @return whether the member was there (and is now gone)
     */
    boolean leave(Member member) {
        List<Member> devices = members.get(member.nickKey());
        if (devices == null || !devices.removeIf(device -> device == member)) {
            return false;
        }
        boolean hadRole = governance.roleOf(member) != Role.MEMBER;
        if (devices.isEmpty()) { // the person's last device: the name goes
            members.remove(member.nickKey());
            drop(member);
            directory.release(key, member.nickKey());
            presence.left(member.nick());
        } else {
            governance.left(member);
            if (everyone.get(member.nickKey()) == member) {
                everyone.put(member.nickKey(), newest(devices)); // same place in the list, another device's keys
            }
        }
        Subscriber subscriber = member.session().connection().subscriber();
        log.unsubscribe(roomTopic, subscriber);
        log.unsubscribe(member.session().isLegacy() ? onlineUsersTopic : presenceTopic, subscriber);
        log.unsubscribe(member.directTopic(), subscriber);
        member.deviceTopic().ifPresent(topic -> log.unsubscribe(topic, subscriber));
        presenceFlusher.changed(this);
        if (hadRole) {
            publishRoles();
        }
        return true;
    }

    // All methods below: caller holds the room's monitor.

    /**
     * Tells every /chat member (the presence topic: Ragnarok connections have no roles) who holds a role now: after
     * a role changed, or a member holding one came or went.
     */
    void publishRoles() {
        log.publish(presenceTopic, new ServerFrame.Roles(name, governance.onlineRoles()));
    }

    /** Whether {@code member} is still this room's member under its name (not gone, not replaced by a rejoin). */
    boolean isMember(Member member) {
        List<Member> devices = members.get(member.nickKey());
        return devices != null && devices.stream().anyMatch(device -> device == member);
    }

    /** This node's member under the name: the device the room is shown, when the person has several; or null. */
    Member member(String nickKey) {
        return everyone.get(nickKey) instanceof Member member ? member : null;
    }

    /** Every device this node holds under the name, in joining order (empty: none). */
    List<Member> devices(String nickKey) {
        List<Member> devices = members.get(nickKey);
        return devices == null ? List.of() : List.copyOf(devices);
    }

    /** The newest device list proven under the name, online or not (see {@link RoomDeviceLists}). */
    Optional<RoomDeviceLists.Known> deviceList(String nickKey) {
        return deviceLists.newest(nickKey);
    }

    /** Members on every node: a room stays while anyone in the cluster is in it. */
    int size() {
        return everyone.size();
    }

    boolean isRemoved() {
        return removed;
    }

    /** Only {@link RoomRegistry}, when the room goes. */
    void markRemoved() {
        removed = true;
    }

    /** Only {@link RoomRegistry}, for a room a join creates, before anyone else can see it. */
    synchronized void markFounding() {
        founding = true;
    }

    /** Whether a join created it and has not entered it yet. */
    boolean isFounding() {
        return founding;
    }

    /** This node's members in joining order, every device of a person (together): a snapshot. */
    List<Member> members() {
        List<Member> local = new ArrayList<>(members.size());
        for (RoomOccupant occupant : everyone.values()) {
            if (occupant instanceof Member member) {
                local.addAll(members.get(member.nickKey()));
            }
        }
        return local;
    }

    /** The member another node holds under this nickname key, or null. */
    RemoteMember remoteMember(String nickKey) {
        return remote.get(nickKey);
    }

    /**
     * Another node's member entered (or is listed again, after a re-read): listed, with its keys and roles, but not
     * subscribed, and its presence is not recorded here (its node records it). A name this node's member holds stays
     * with it. Nothing once the room is removed.
     */
    void remoteJoined(RemoteMember member) {
        if (removed || members.containsKey(member.nickKey())) {
            return;
        }
        RemoteMember previous = remote.remove(member.nickKey());
        if (previous != null) {
            drop(previous);
        }
        remote.put(member.nickKey(), member);
        add(member);
    }

    /**
     * Another node's member left. Recorded for publishing only when {@code tellMembers} (its node is gone and this
     * node noticed first); else its own node publishes it.
     *
     * @return whether it was listed (under that node)
     */
    boolean remoteLeft(String nickKey, String node, boolean tellMembers) {
        RemoteMember member = remote.get(nickKey);
        if (member == null || !member.node().equals(node)) {
            return false;
        }
        boolean hadRole = governance.roleOf(member) != Role.MEMBER;
        remote.remove(nickKey);
        drop(member);
        if (tellMembers) {
            presence.left(member.nick());
            presenceFlusher.changed(this);
            if (hadRole) {
                publishRoles();
            }
        }
        return true;
    }

    /** Other nodes' members as the directory lists them now: the mirror takes that list (no presence recorded). */
    void remoteMembersAre(List<RemoteMember> now) {
        Map<String, RemoteMember> listed = new HashMap<>();
        now.forEach(member -> listed.put(member.nickKey(), member));
        for (RemoteMember member : List.copyOf(remote.values())) {
            if (!member.equals(listed.get(member.nickKey()))) {
                remote.remove(member.nickKey());
                drop(member);
            }
        }
        for (RemoteMember member : now) {
            if (!member.equals(remote.get(member.nickKey()))) {
                remoteJoined(member);
            }
        }
    }

    private void add(Member member) {
        members.put(member.nickKey(), new ArrayList<>(List.of(member)));
        add((RoomOccupant) member);
        presence.joined(member.nick());
    }

    /**
     * Another device of a person already here: it may hold a role by its own key; with a newer device list than the
     * one shown, the room is shown its keys and told the name again.
     */
    private void addDevice(List<Member> devices, Member device) {
        devices.add(device);
        governance.entered(device);
        RoomOccupant shown = everyone.get(device.nickKey());
        if (shown instanceof Member current && device.deviceListVersion() > current.deviceListVersion()) {
            everyone.put(device.nickKey(), device);
            presence.joined(device.nick());
        }
    }

    /** The device with the newest list (the first of them on a tie). */
    private static Member newest(List<Member> devices) {
        Member newest = devices.get(0);
        for (Member device : devices) {
            if (device.deviceListVersion() > newest.deviceListVersion()) {
                newest = device;
            }
        }
        return newest;
    }

    /**
     * Refuses a device that a newer list of the same person, proven in this room, no longer names: its person
     * unlinked it, and the older list it still holds (validly signed once) must not bring it back under their name.
     */
    private void checkNotUnlinked(String nickKey, Optional<IdentityKeys> keys) throws ChatError {
        if (keys.isEmpty() || keys.get().person().isEmpty()) {
            return;
        }
        SignedDeviceList presented = keys.get().person().get();
        Optional<RoomDeviceLists.Known> known = deviceLists.newest(nickKey);
        if (known.isPresent() && known.get().samePerson(presented) && known.get().version() > presented.version()
                && !known.get().names(keys.get().fingerprint())) {
            throw new ChatError(ErrorCode.BAD_KEYS, "a newer device list of this person does not name this device",
                    Optional.of(name));
        }
    }

    private void add(RoomOccupant occupant) {
        everyone.put(occupant.nickKey(), occupant);
        governance.entered(occupant);
        if (names != null) {
            names.add(occupant.nick());
        }
        if (occupant.publicKeys().isPresent()) {
            membersWithKeys++;
        }
        if (occupant.legacy()) {
            legacyMembers++;
        }
    }

    /** Off the list, its keys and roles; the caller takes it out of its own map. */
    private void drop(RoomOccupant occupant) {
        everyone.remove(occupant.nickKey());
        governance.left(occupant);
        names = null;
        if (occupant.publicKeys().isPresent()) {
            membersWithKeys--;
        }
        if (occupant.legacy()) {
            legacyMembers--;
        }
    }

    /** The members' display names in joining order, with their JSON: an immutable snapshot, safe to send. */
    RenderedNames nicknames() {
        if (names == null) {
            names = new RenderedNameList();
            for (RoomOccupant occupant : everyone.values()) {
                names.add(occupant.nick());
            }
        }
        return names.snapshot();
    }

    /** Proven public keys of the members that have them (on any node), by nickname. */
    Map<String, PublicKeys> keys() {
        Map<String, PublicKeys> keys = new LinkedHashMap<>();
        if (membersWithKeys == 0) {
            return keys; // the usual room: no need to look at every member
        }
        for (RoomOccupant occupant : everyone.values()) {
            occupant.publicKeys().ifPresent(k -> keys.put(occupant.nick(), k));
        }
        return keys;
    }

    /** Keys of those named in a Presence {@code joined} list who are members now and have keys. */
    Map<String, PublicKeys> keysOf(List<String> nicks) {
        Map<String, PublicKeys> keys = new LinkedHashMap<>();
        for (String nick : nicks) {
            RoomOccupant member = everyone.get(Names.key(nick));
            if (member != null && member.nick().equals(nick)) {
                member.publicKeys().ifPresent(k -> keys.put(nick, k));
            }
        }
        return keys;
    }

    boolean hasLegacyMembers() {
        return legacyMembers > 0;
    }

    boolean hasModernMembers() {
        return everyone.size() > legacyMembers;
    }
}
