package org.safehouse.core;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.ServerFrame;

/**
 * The invite frames of a sealed room (docs/PROTOCOL.md "Invites"): CreateInvite (any member with proven keys),
 * ListInvites and RevokeInvite (a member: its own; the owner and moderators: all). Created per frame like
 * {@link SessionFrameHandler}, whose caller holds the session's monitor; the {@link InviteStore} is called holding no
 * room's monitor (in cluster mode it may block on Redis). The token is made here, sent once to its creator, and
 * only its SHA-256 is kept.
 */
final class InviteFrames {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Random bytes of a token: 256 bits, so guessing one is hopeless even without the throttle. */
    static final int TOKEN_BYTES = 32;

    private final ChatContext context;
    private final ChatSession session;

    InviteFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    /** Whether a room gives invites: a sealed room (with its password verifier). */
    static boolean invitable(Room room) {
        return room.rules().sealed() && room.password() instanceof RoomPassword.Hashed;
    }

    /** The tag of the room's verifier now, which every invite and admission is bound to. */
    static String verifierTag(Room room) {
        return InviteStore.verifierTag(((RoomPassword.Hashed) room.password()).phc());
    }

    void create(ClientFrame.CreateInvite frame) throws ChatError {
        Member actor = RoomActions.actorIn(session, frame.room());
        Room room = actor.room();
        checkInvitable(room);
        String byKey = actor.fingerprint().orElseThrow(() -> new ChatError(ErrorCode.KEYS_REQUIRED,
                "join with keys to invite", Optional.of(room.name())));
        byte[] secret = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        long now = context.clock().millis();
        InviteStore.Invite invite = new InviteStore.Invite(HexFormat.of().formatHex(id),
                InviteStore.tokenHash(token), verifierTag(room), byKey, actor.nick(), frame.maxUses(),
                frame.maxUses(), now + frame.expiresInMs());
        var limits = context.config().limits();
        switch (context.rooms().invites().create(room.key(), invite, limits.maxInvitesPerRoom(),
                limits.maxInvitesPerInviter(), now)) {
            case ROOM_FULL -> throw new ChatError(ErrorCode.NOT_ALLOWED, "this room holds "
                    + limits.maxInvitesPerRoom() + " live invites already; revoke one first", Optional.of(room.name()));
            case INVITER_FULL -> throw new ChatError(ErrorCode.NOT_ALLOWED, "you hold "
                    + limits.maxInvitesPerInviter() + " live invites in this room already; revoke one first",
                    Optional.of(room.name()));
            default -> {
            }
        }
        context.replies().send(session, new ServerFrame.Invite(room.name(), invite.inviteId(), token,
                invite.maxUses(), invite.usesLeft(), invite.expiresMs()));
    }

    void list(ClientFrame.ListInvites frame) throws ChatError {
        Member actor = RoomActions.actorIn(session, frame.room());
        Room room = actor.room();
        checkInvitable(room);
        context.replies().send(session, invites(room, actor));
    }

    void revoke(ClientFrame.RevokeInvite frame) throws ChatError {
        Member actor = RoomActions.actorIn(session, frame.room());
        Room room = actor.room();
        checkInvitable(room);
        InviteStore store = context.rooms().invites();
        Optional<InviteStore.Invite> invite = store.live(room.key(), verifierTag(room), context.clock().millis())
                .stream().filter(i -> i.inviteId().equals(frame.inviteId())).findFirst();
        if (invite.isEmpty() || !(seesAll(room, actor) || invite.get().byKey().equals(actor.fingerprint()
                .orElse("")))) {
            // The same answer for another's invite as for none: a member learns nothing of invites not its own.
            throw new ChatError(ErrorCode.NOT_ALLOWED, "no such invite of yours", Optional.of(room.name()));
        }
        store.revoke(room.key(), frame.inviteId());
        context.replies().send(session, invites(room, actor));
    }

    private ServerFrame.Invites invites(Room room, Member actor) throws ChatError {
        boolean all = seesAll(room, actor);
        String own = actor.fingerprint().orElse("");
        List<ServerFrame.InviteSummary> summaries = context.rooms().invites()
                .live(room.key(), verifierTag(room), context.clock().millis()).stream()
                .filter(invite -> all || invite.byKey().equals(own))
                .map(invite -> new ServerFrame.InviteSummary(invite.inviteId(), invite.byNick(), invite.maxUses(),
                        invite.usesLeft(), invite.expiresMs()))
                .toList();
        return new ServerFrame.Invites(room.name(), summaries);
    }

    private static boolean seesAll(Room room, Member actor) throws ChatError {
        synchronized (room) {
            return RoomActions.roleIn(room, actor) != Role.MEMBER;
        }
    }

    private static void checkInvitable(Room room) throws ChatError {
        if (!invitable(room)) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "only sealed rooms have invites", Optional.of(room.name()));
        }
    }
}
