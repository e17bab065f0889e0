package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safehouse.config.Limits;
import org.safehouse.protocol.BanKind;
import org.safehouse.protocol.ErrorCode;

/**
 * The bans and mutes of a room as rules over its {@link RoomRules}: who a ban or mute matches, and what the rules
 * become when one is added or lifted. Pure: it holds no state but its two limits, takes no lock and reads no clock
 * (the caller passes the time, holds the room's monitor and keeps the new rules through the room). Expired entries
 * never match and are dropped from the rules at the next change.
 *
 * <p>Budgets, so a moderator cannot grow a room's rules (and the catalog) without bound: {@code max_bans_per_room}
 * bans in a room and, separately, as many mutes; {@code max_bans_total} bans in all rooms together. Beyond them a
 * Ban or Mute is refused with {@code not_allowed} (documented in docs/PROTOCOL.md): lifting one, or waiting for one
 * to end, makes room again.
 */
final class RoomSanctions {
    /** The shortest ban or mute with a duration, in milliseconds (one minute). */
    static final long MIN_DURATION_MILLIS = 60_000L;
    /** The longest ban or mute with a duration, in milliseconds (365 days). */
    static final long MAX_DURATION_MILLIS = 31_536_000_000L;

    private final int maxPerRoom;
    private final int maxTotal;

    RoomSanctions(Limits limits) {
        this(limits.maxBansPerRoom(), limits.maxBansTotal());
    }

    RoomSanctions(int maxPerRoom, int maxTotal) {
        this.maxPerRoom = maxPerRoom;
        this.maxTotal = maxTotal;
    }

    /**
     * Who a ban or mute is checked against: what is known of a joiner or member. A Ragnarok connection's password
     * frame knows only its address; a member who proved no key has no fingerprint.
     *
     * @param addressDigest the {@link AddressGroupHmac} digest of its address group
     */
    record Identity(Optional<String> keyFingerprint, Optional<String> nickKey, Optional<String> addressDigest) {
    }

    /** The first ban of {@code rules} that matches {@code who} and has not ended at {@code now}. */
    static Optional<BanEntry> banOf(RoomRules rules, Identity who, long now) {
        for (BanEntry ban : rules.bans()) {
            if (!ban.expired(now) && matches(ban, who)) {
                return Optional.of(ban);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(BanEntry ban, Identity who) {
        return (ban.kinds().contains(BanKind.KEY) && same(ban.keyFingerprint(), who.keyFingerprint()))
                || (ban.kinds().contains(BanKind.NICK) && same(ban.nickKey(), who.nickKey()))
                || (ban.kinds().contains(BanKind.ADDRESS) && same(ban.addressDigest(), who.addressDigest()));
    }

    private static boolean same(Optional<String> kept, Optional<String> given) {
        return kept.isPresent() && kept.equals(given);
    }

    /** The bans that have not ended at {@code now}, oldest first: the ban list. */
    static List<BanEntry> activeBans(RoomRules rules, long now) {
        return rules.bans().stream().filter(ban -> !ban.expired(now)).toList();
    }

    /**
     * The rules with {@code ban} added (and ended bans dropped).
     *
     * @param bansOnServer the bans not yet ended in all rooms, this one included
     * @throws ChatError {@code not_allowed} beyond {@code max_bans_per_room} or {@code max_bans_total}
     */
    RoomRules ban(RoomRules rules, BanEntry ban, long now, long bansOnServer, String roomName) throws ChatError {
        List<BanEntry> bans = new ArrayList<>(activeBans(rules, now));
        if (bans.size() >= maxPerRoom) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "this room keeps " + maxPerRoom + " bans at most "
                    + "(max_bans_per_room): lift one first", Optional.of(roomName));
        }
        if (bansOnServer >= maxTotal) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "this server keeps " + maxTotal + " bans at most "
                    + "(max_bans_total): lift one first", Optional.of(roomName));
        }
        bans.add(ban);
        return rules.withBans(bans);
    }

    /** The rules without the ban {@code banId} (and ended bans); empty when no ban in force has that id. */
    static Optional<RoomRules> unban(RoomRules rules, String banId, long now) {
        List<BanEntry> bans = new ArrayList<>(activeBans(rules, now));
        return bans.removeIf(ban -> ban.id().equals(banId)) ? Optional.of(rules.withBans(bans)) : Optional.empty();
    }

    /** The mute in force at {@code now} that holds this member: by its proven key, or by its nickname. */
    static Optional<MuteEntry> muteOf(RoomRules rules, Optional<String> keyFingerprint, String nickKey, long now) {
        for (MuteEntry mute : rules.mutes()) {
            if (!mute.expired(now) && holds(mute, keyFingerprint, nickKey)) {
                return Optional.of(mute);
            }
        }
        return Optional.empty();
    }

    private static boolean holds(MuteEntry mute, Optional<String> keyFingerprint, String nickKey) {
        return same(mute.keyFingerprint(), keyFingerprint) || mute.nickKey().equals(nickKey);
    }

    /**
     * The rules with {@code mute} in force: it replaces any mute of the same member (by key or nickname), so muting
     * again sets a new end rather than adding one.
     *
     * @throws ChatError {@code not_allowed} beyond {@code max_bans_per_room} mutes
     */
    RoomRules mute(RoomRules rules, MuteEntry mute, long now, String roomName) throws ChatError {
        List<MuteEntry> mutes = new ArrayList<>(activeMutes(rules, now));
        mutes.removeIf(kept -> holds(kept, mute.keyFingerprint(), mute.nickKey()));
        if (mutes.size() >= maxPerRoom) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "this room keeps " + maxPerRoom + " mutes at most "
                    + "(max_bans_per_room): lift one first", Optional.of(roomName));
        }
        mutes.add(mute);
        return rules.withMutes(mutes);
    }

    /** The rules without the mutes that hold this member (and ended mutes); empty when none held it. */
    static Optional<RoomRules> unmute(RoomRules rules, Optional<String> keyFingerprint, String nickKey, long now) {
        List<MuteEntry> mutes = new ArrayList<>(activeMutes(rules, now));
        return mutes.removeIf(kept -> holds(kept, keyFingerprint, nickKey)) ? Optional.of(rules.withMutes(mutes))
                : Optional.empty();
    }

    private static List<MuteEntry> activeMutes(RoomRules rules, long now) {
        return rules.mutes().stream().filter(mute -> !mute.expired(now)).toList();
    }
}
