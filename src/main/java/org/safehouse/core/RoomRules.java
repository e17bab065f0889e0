package org.safehouse.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.safehouse.protocol.PostPolicy;
import org.safehouse.protocol.Role;

/**
 * What a room's owner and moderators decide, beside its name and password: the topic, the settings, who holds which
 * role (by proven key fingerprint, never by nickname), and the bans and mutes. Immutable; a change is a new value
 * (the withers), which its {@code Room} keeps under its monitor and the {@link RoomCatalog} persists.
 *
 * @param maxMembers        0 = no limit; a limit below the current count only refuses new joins
 * @param ownerKey          the fingerprint ({@code IdentityKeys.fingerprint()}) of the owner's proven key
 * @param ownerPasswordHash the Argon2id verifier of the owner password of a room created without keys
 * @param moderatorKeys     fingerprints of the moderators' keys, at most {@link #MAX_MODERATORS}
 */
public record RoomRules(String topic, int maxMembers, PostPolicy postPolicy, boolean historyForNewcomers,
                        Optional<String> ownerKey, Optional<String> ownerPasswordHash, Set<String> moderatorKeys,
                        List<BanEntry> bans, List<MuteEntry> mutes) {

    /** The most moderators a room may have (documented in docs/PROTOCOL.md). */
    public static final int MAX_MODERATORS = 100;
    /** The largest member limit a room may set; 0 means no limit. */
    public static final int MAX_MEMBERS_LIMIT = 10_000_000;
    /** The longest topic, in characters. */
    public static final int MAX_TOPIC_CHARS = 300;

    /** A room nobody owns: no topic, no limit, everyone posts, newcomers see history. */
    public static final RoomRules DEFAULT = new RoomRules("", 0, PostPolicy.EVERYONE, true, Optional.empty(),
            Optional.empty(), Set.of(), List.of(), List.of());

    public RoomRules {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(postPolicy, "postPolicy");
        Objects.requireNonNull(ownerKey, "ownerKey");
        Objects.requireNonNull(ownerPasswordHash, "ownerPasswordHash");
        moderatorKeys = Set.copyOf(moderatorKeys);
        bans = List.copyOf(bans);
        mutes = List.copyOf(mutes);
        if (maxMembers < 0 || maxMembers > MAX_MEMBERS_LIMIT) {
            throw new IllegalArgumentException("maxMembers out of range: " + maxMembers);
        }
        if (moderatorKeys.size() > MAX_MODERATORS) {
            throw new IllegalArgumentException("more than " + MAX_MODERATORS + " moderators");
        }
    }

    /** Whether someone owns the room (by key or by owner password): then it outlives its members. */
    public boolean owned() {
        return ownerKey.isPresent() || ownerPasswordHash.isPresent();
    }

    /** The role a member with this proven key fingerprint holds by its key (the owner password aside). */
    public Role roleOfKey(Optional<String> fingerprint) {
        if (fingerprint.isEmpty()) {
            return Role.MEMBER;
        }
        if (fingerprint.equals(ownerKey)) {
            return Role.OWNER;
        }
        return moderatorKeys.contains(fingerprint.get()) ? Role.MODERATOR : Role.MEMBER;
    }

    public RoomRules withTopic(String newTopic) {
        return new RoomRules(newTopic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes);
    }

    public RoomRules withMaxMembers(int newMaxMembers) {
        return new RoomRules(topic, newMaxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes);
    }

    public RoomRules withPostPolicy(PostPolicy newPostPolicy) {
        return new RoomRules(topic, maxMembers, newPostPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes);
    }

    public RoomRules withHistoryForNewcomers(boolean newHistoryForNewcomers) {
        return new RoomRules(topic, maxMembers, postPolicy, newHistoryForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes);
    }

    public RoomRules withOwnerKey(Optional<String> newOwnerKey) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, newOwnerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes);
    }

    public RoomRules withOwnerPasswordHash(Optional<String> newOwnerPasswordHash) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, newOwnerPasswordHash,
                moderatorKeys, bans, mutes);
    }

    public RoomRules withModeratorKeys(Set<String> newModeratorKeys) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                newModeratorKeys, bans, mutes);
    }

    public RoomRules withBans(List<BanEntry> newBans) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, newBans, mutes);
    }

    public RoomRules withMutes(List<MuteEntry> newMutes) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, newMutes);
    }

    @Override
    public String toString() {
        return "RoomRules[owned=" + owned() + ", moderators=" + moderatorKeys.size() + ", bans=" + bans.size()
                + ", mutes=" + mutes.size() + "]"; // no verifier or keys in logs
    }
}
