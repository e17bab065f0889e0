package org.safehouse.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.safehouse.protocol.PostPolicy;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.RoomSeal;

/**
 * What a room's owner and moderators decide, beside its name and password: the topic, the settings, who holds which
 * role (by proven key fingerprint, never by nickname), and the bans and mutes. Immutable; a change is a new value
 * (the withers), which its {@code Room} keeps under its monitor and the {@link RoomCatalog} persists.
 *
 * @param maxMembers        0 = no limit; a limit below the current count only refuses new joins
 * @param ownerKey          the fingerprint ({@code IdentityKeys.fingerprint()}) of the owner's proven key
 * @param ownerPasswordHash the Argon2id verifier of the owner password of a room created without keys
 * @param moderatorKeys     fingerprints of the moderators' keys, at most {@link #MAX_MODERATORS}
 * @param seal              a sealed room's seal (docs/PROTOCOL.md, "Sealed rooms"): set when the room is created,
 *                          its salt renewed with its password; a room is sealed for life
 */
public record RoomRules(String topic, int maxMembers, PostPolicy postPolicy, boolean historyForNewcomers,
                        Optional<String> ownerKey, Optional<String> ownerPasswordHash, Set<String> moderatorKeys,
                        List<BanEntry> bans, List<MuteEntry> mutes, Optional<RoomSeal> seal) {

    /** The most moderators a room may have (documented in docs/PROTOCOL.md). */
    public static final int MAX_MODERATORS = 100;
    /** The largest member limit a room may set; 0 means no limit. */
    public static final int MAX_MEMBERS_LIMIT = 10_000_000;
    /** The longest topic, in characters. */
    public static final int MAX_TOPIC_CHARS = 300;

    /** A room nobody owns: no topic, no limit, everyone posts, newcomers see history. */
    public static final RoomRules DEFAULT = new RoomRules("", 0, PostPolicy.EVERYONE, true, Optional.empty(),
            Optional.empty(), Set.of(), List.of(), List.of(), Optional.empty());

    public RoomRules {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(postPolicy, "postPolicy");
        Objects.requireNonNull(ownerKey, "ownerKey");
        Objects.requireNonNull(ownerPasswordHash, "ownerPasswordHash");
        Objects.requireNonNull(seal, "seal");
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
                moderatorKeys, bans, mutes, seal);
    }

    public RoomRules withMaxMembers(int newMaxMembers) {
        return new RoomRules(topic, newMaxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes, seal);
    }

    public RoomRules withPostPolicy(PostPolicy newPostPolicy) {
        return new RoomRules(topic, maxMembers, newPostPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes, seal);
    }

    public RoomRules withHistoryForNewcomers(boolean newHistoryForNewcomers) {
        return new RoomRules(topic, maxMembers, postPolicy, newHistoryForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes, seal);
    }

    public RoomRules withOwnerKey(Optional<String> newOwnerKey) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, newOwnerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes, seal);
    }

    public RoomRules withOwnerPasswordHash(Optional<String> newOwnerPasswordHash) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, newOwnerPasswordHash,
                moderatorKeys, bans, mutes, seal);
    }

    public RoomRules withModeratorKeys(Set<String> newModeratorKeys) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                newModeratorKeys, bans, mutes, seal);
    }

    public RoomRules withBans(List<BanEntry> newBans) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, newBans, mutes, seal);
    }

    public RoomRules withMutes(List<MuteEntry> newMutes) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, newMutes, seal);
    }

    /** Rules of a room that is not sealed. */
    public RoomRules(String topic, int maxMembers, PostPolicy postPolicy, boolean historyForNewcomers,
                     Optional<String> ownerKey, Optional<String> ownerPasswordHash, Set<String> moderatorKeys,
                     List<BanEntry> bans, List<MuteEntry> mutes) {
        this(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash, moderatorKeys, bans,
                mutes, Optional.empty());
    }

    public RoomRules withSeal(Optional<RoomSeal> newSeal) {
        return new RoomRules(topic, maxMembers, postPolicy, historyForNewcomers, ownerKey, ownerPasswordHash,
                moderatorKeys, bans, mutes, newSeal);
    }

    public boolean sealed() {
        return seal.isPresent();
    }

    @Override
    public String toString() {
        return "RoomRules[owned=" + owned() + ", moderators=" + moderatorKeys.size() + ", bans=" + bans.size()
                + ", mutes=" + mutes.size() + ", sealed=" + seal.isPresent() + "]"; // no verifier or keys in logs
    }
}
