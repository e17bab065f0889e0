package org.safehouse.core;

import java.util.List;
import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Role;

/**
 * Where a room's bans and mutes are enforced: a join is refused {@code banned} before its password is checked (so a
 * banned joiner costs no Argon2id and learns nothing of the password), at the keyed join's proof again, and at the
 * Ragnarok handshake (address at the password frame, nickname at the nickname frame); a muted member's Broadcast is
 * refused {@code muted} with {@code retryAfterMs}. The keys of the room's owner and moderators pass every ban (one of
 * an address group they share must not lock them out; a claimed key still has to be proven). Reads the room's rules
 * without its monitor (they are an immutable value the room swaps); stateless.
 */
final class SanctionChecks {
    private SanctionChecks() {
    }

    /**
     * @param keys    the keys the joiner presents (a banned key is refused before it is proven: proving it could only
     *                confirm the ban)
     * @param nickKey the joiner's nickname key; empty at a Ragnarok password frame
     * @throws ChatError {@code banned}, naming the ban's reason
     */
    static void checkNotBanned(ChatContext context, Room room, ChatSession session, Optional<IdentityKeys> keys,
                               Optional<String> nickKey) throws ChatError {
        RoomRules rules = room.rules();
        if (rules.bans().isEmpty()) {
            return; // the usual room: no digest to compute
        }
        Optional<String> fingerprint = keys.map(IdentityKeys::fingerprint);
        if (rules.roleOfKey(fingerprint) != Role.MEMBER) {
            return; // the owner's and moderators' keys are never shut out, say by a ban of an address they share
        }
        RoomSanctions.Identity who = new RoomSanctions.Identity(fingerprint, nickKey,
                Optional.of(context.addressHmac().digest(session.addressGroup())));
        Optional<BanEntry> ban = RoomSanctions.banOf(rules, who, context.clock().millis());
        if (ban.isPresent()) {
            throw new ChatError(ErrorCode.BANNED, "you are banned from this room"
                    + ban.get().reason().map(reason -> ": " + reason).orElse(""), Optional.of(room.name()));
        }
    }

    /** @throws ChatError {@code muted}, with {@code retryAfterMs} until the mute ends */
    static void checkNotMuted(ChatContext context, Room room, Member member) throws ChatError {
        RoomRules rules = room.rules();
        if (rules.mutes().isEmpty()) {
            return;
        }
        long now = context.clock().millis();
        Optional<MuteEntry> mute = RoomSanctions.muteOf(rules, member.fingerprint(),
                member.nickKey(), now);
        if (mute.isPresent()) {
            throw new ChatError(ErrorCode.MUTED, "you are muted in this room", Optional.of(room.name()),
                    mute.get().untilMs() - now, List.of());
        }
    }
}
