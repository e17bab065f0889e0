package org.safehouse.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.PostPolicy;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.RoomSeal;

/**
 * Who runs a room and by which rules: its {@link RoomRules} (owner, moderators, settings, bans, mutes) and its
 * password, which its owner may change. Owned by its {@link Room}. Both are immutable values in volatile fields, so
 * anyone may read them without a lock; they change only under the room's monitor, through {@link #update} and
 * {@link #changePassword}, and every change is handed to {@code persist} (the room catalog) at once. It also keeps
 * which members could hold a role (by key fingerprint, or by owner password), so the online roles are found without
 * walking every member; that index is guarded by the room's monitor ({@link Room#enter}, {@link Room#leave}).
 */
final class RoomGovernance {
    private volatile RoomRules rules;
    private volatile RoomPassword password;
    /** The fingerprint of the keys that created the room by a Join: owner once they prove them, if nobody owns it. */
    private final Optional<String> founderKey;
    private final Runnable persist;
    /**
     * Members with proven keys, by fingerprint (one person may be in the room under several nicknames), this node's
     * and other nodes' alike.
     */
    private final Map<String, List<RoomOccupant>> byFingerprint = new HashMap<>();
    /** Members that proved the owner password, in joining order. */
    private final Set<RoomOccupant> passwordOwners = new LinkedHashSet<>();

    RoomGovernance(RoomRules rules, RoomPassword password, Optional<String> founderKey, Runnable persist) {
        this.rules = rules;
        this.password = password;
        this.founderKey = founderKey;
        this.persist = persist;
    }

    RoomRules rules() {
        return rules;
    }

    RoomPassword password() {
        return password;
    }

    /**
     * The member's role now: by its proven key (owner, moderator), or owner for a room session that proved the owner
     * password, while the room still has one. Never by nickname.
     */
    Role roleOf(RoomOccupant member) {
        RoomRules now = rules;
        Role byKey = now.roleOfKey(member.fingerprint());
        if (byKey != Role.OWNER && member.ownerByPassword() && now.ownerPasswordHash().isPresent()) {
            return Role.OWNER;
        }
        return byKey;
    }

    /** Whether the member may post Broadcasts: anyone, or in an announcement room only the owner and moderators. */
    boolean mayPost(Member member) {
        return rules.postPolicy() == PostPolicy.EVERYONE || roleOf(member) != Role.MEMBER;
    }

    /** Caller holds the room's monitor. */
    RoomRules update(UnaryOperator<RoomRules> change) {
        rules = change.apply(rules);
        persist.run();
        return rules;
    }

    /** Caller holds the room's monitor. Current members stay; new joins need the new password. */
    void changePassword(RoomPassword newPassword) {
        password = newPassword;
        persist.run();
    }

    /**
     * A sealed room's new password and seal, kept together (one write to the catalog), so no node ever pairs the new
     * salt with the old verifier. Caller holds the room's monitor.
     */
    void rotateSeal(RoomPassword newPassword, RoomSeal newSeal) {
        password = newPassword;
        rules = rules.withSeal(Optional.of(newSeal));
        persist.run();
    }

    /**
     * Takes the rules and password another node set (cluster mode), without handing them to the catalog again: that
     * node already did. Caller holds the room's monitor.
     */
    void adopt(RoomRules changedRules, RoomPassword changedPassword) {
        rules = changedRules;
        password = changedPassword;
    }

    /**
     * Makes the founder the owner when it proved the keys it created the room with and nobody owns the room yet.
     * Caller holds the room's monitor.
     *
     * @return whether it became the owner
     */
    boolean claimByFounder(Member member) {
        if (rules.ownerKey().isPresent() || founderKey.isEmpty() || !founderKey.equals(member.fingerprint())) {
            return false;
        }
        update(r -> r.withOwnerKey(founderKey));
        return true;
    }

    /** Caller holds the room's monitor. */
    void entered(RoomOccupant member) {
        member.fingerprint().ifPresent(f -> byFingerprint.computeIfAbsent(f, k -> new ArrayList<>()).add(member));
        if (member.ownerByPassword()) {
            passwordOwners.add(member);
        }
    }

    /** Caller holds the room's monitor. */
    void left(RoomOccupant member) {
        member.fingerprint().ifPresent(f -> {
            List<RoomOccupant> same = byFingerprint.get(f);
            same.remove(member);
            if (same.isEmpty()) {
                byFingerprint.remove(f);
            }
        });
        passwordOwners.remove(member);
    }

    /**
     * The online members whose role is not {@link Role#MEMBER}, by nickname: the owner first, then moderators.
     * Looks only at the owner's and moderators' keys (at most {@link RoomRules#MAX_MODERATORS} + 1), whatever the
     * room's size. Caller holds the room's monitor.
     */
    Map<String, Role> onlineRoles() {
        RoomRules now = rules;
        Map<String, Role> roles = new LinkedHashMap<>();
        now.ownerKey().ifPresent(owner -> byFingerprint.getOrDefault(owner, List.of())
                .forEach(m -> roles.put(m.nick(), Role.OWNER)));
        if (now.ownerPasswordHash().isPresent()) {
            passwordOwners.forEach(m -> roles.put(m.nick(), Role.OWNER));
        }
        for (String moderator : now.moderatorKeys()) {
            byFingerprint.getOrDefault(moderator, List.of()).forEach(m -> roles.putIfAbsent(m.nick(), Role.MODERATOR));
        }
        return roles;
    }

    /** This node's online members holding this key (other nodes remove their own). Caller holds the room's monitor. */
    List<Member> withKey(String fingerprint) {
        List<Member> local = new ArrayList<>();
        for (RoomOccupant occupant : byFingerprint.getOrDefault(fingerprint, List.of())) {
            if (occupant instanceof Member member) {
                local.add(member);
            }
        }
        return local;
    }
}
