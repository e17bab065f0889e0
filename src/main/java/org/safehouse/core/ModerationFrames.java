package org.safehouse.core;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.safehouse.protocol.BanKind;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.RemovalReason;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.RoomEventKind;
import org.safehouse.protocol.ServerFrame;

/**
 * The frames a room's owner and moderators send to keep order: kick, ban, unban, list bans, mute, unmute. Each is
 * checked against the actor's role in that room now (DESIGN17's table: owner and moderators; a moderator never acts
 * on the owner or another moderator; nobody on themselves), then changes the room's rules through the room
 * ({@link RoomSanctions} computes them, {@link RoomGovernance#update} keeps and persists them), removes the member
 * ({@link RoomRemovals}) and publishes the system line ({@code RoomEvent}, not kept in history). Created per frame
 * like {@link SessionFrameHandler}, whose caller holds the session's monitor; this takes the room's. A refusal is a
 * {@link ChatError}.
 */
final class ModerationFrames {
    private final ChatContext context;
    private final ChatSession session;
    private final RoomSanctions sanctions;

    ModerationFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
        this.sanctions = new RoomSanctions(context.config().limits());
    }

    void kick(ClientFrame.Kick kick) throws ChatError {
        Member actor = RoomActions.actorIn(session, kick.room());
        Room room = actor.room();
        synchronized (room) {
            Member target = target(room, actor, kick.nick());
            context.removals().remove(room, target, new ServerFrame.Removed(room.name(), RemovalReason.KICKED,
                    Optional.of(actor.nick()), kick.reason()), false);
            RoomActions.event(context, room, RoomEventKind.KICK, actor, Optional.of(target.nick()), kick.reason(),
                    OptionalLong.empty());
        }
        RoomActions.logged("kick", room, actor);
    }

    /**
     * Bans by the kinds asked for (all three when the frame names none) that the target has: its proven key, its
     * nickname, its address group's digest. Every member holding the banned key leaves with the target.
     */
    void ban(ClientFrame.Ban ban) throws ChatError {
        Member actor = RoomActions.actorIn(session, ban.room());
        Room room = actor.room();
        Optional<String> bannedKey;
        synchronized (room) {
            Member target = target(room, actor, ban.nick());
            Optional<String> key = target.fingerprint();
            Set<BanKind> kinds = EnumSet.copyOf(ban.kinds());
            if (key.isEmpty()) {
                kinds.remove(BanKind.KEY);
                if (kinds.isEmpty()) {
                    throw new ChatError(ErrorCode.KEYS_REQUIRED, target.nick() + " proved no key: ban the nickname "
                            + "or the address", Optional.of(room.name()));
                }
            }
            long now = context.clock().millis();
            OptionalLong until = ban.durationMs().isPresent() ? OptionalLong.of(now + ban.durationMs().getAsLong())
                    : OptionalLong.empty();
            BanEntry entry = new BanEntry(Long.toString(context.log().nextId()), kinds,
                    kinds.contains(BanKind.KEY) ? key : Optional.empty(),
                    kinds.contains(BanKind.NICK) ? Optional.of(target.nickKey()) : Optional.empty(),
                    kinds.contains(BanKind.ADDRESS)
                            ? Optional.of(context.addressHmac().digest(target.session().addressGroup()))
                            : Optional.empty(),
                    target.nick(), ban.reason(), actor.nick(), now, until);
            RoomRules banned = sanctions.ban(room.rules(), entry, now, bansOnServer(now), room.name());
            room.governance().update(rules -> banned);
            ServerFrame.Removed removed = new ServerFrame.Removed(room.name(), RemovalReason.BANNED,
                    Optional.of(actor.nick()), ban.reason());
            context.removals().remove(room, target, removed, false);
            if (entry.keyFingerprint().isPresent()) {
                for (Member sameKey : room.governance().withKey(entry.keyFingerprint().get())) {
                    context.removals().remove(room, sameKey, removed, false);
                }
            }
            RoomActions.event(context, room, RoomEventKind.BAN, actor, Optional.of(target.nick()), ban.reason(),
                    until);
            bannedKey = entry.keyFingerprint();
        }
        // Outside the room's monitor (a shared store may block): an unban does not bring the admission back.
        bannedKey.ifPresent(fingerprint -> context.rooms().invites().forgetAdmission(room.key(), fingerprint));
        RoomActions.logged("ban", room, actor);
    }

    void unban(ClientFrame.Unban unban) throws ChatError {
        Member actor = RoomActions.actorIn(session, unban.room());
        Room room = actor.room();
        synchronized (room) {
            mayModerate(room, actor);
            long now = context.clock().millis();
            BanEntry lifted = RoomSanctions.activeBans(room.rules(), now).stream()
                    .filter(ban -> ban.id().equals(unban.banId())).findFirst()
                    .orElseThrow(() -> new ChatError(ErrorCode.UNKNOWN_MEMBER, "no ban in force has that id",
                            Optional.of(room.name())));
            RoomRules unbanned = RoomSanctions.unban(room.rules(), lifted.id(), now).orElseThrow();
            room.governance().update(rules -> unbanned);
            RoomActions.event(context, room, RoomEventKind.UNBAN, actor, Optional.of(lifted.label()), Optional.empty(),
                    OptionalLong.empty());
        }
        RoomActions.logged("unban", room, actor);
    }

    void listBans(ClientFrame.ListBans listBans) throws ChatError {
        Member actor = RoomActions.actorIn(session, listBans.room());
        Room room = actor.room();
        List<ServerFrame.BanSummary> bans = new ArrayList<>();
        synchronized (room) {
            mayModerate(room, actor);
            for (BanEntry ban : RoomSanctions.activeBans(room.rules(), context.clock().millis())) {
                bans.add(new ServerFrame.BanSummary(ban.id(), ban.kinds(), ban.label(), ban.reason(), ban.by(),
                        ban.untilMs()));
            }
        }
        context.replies().send(session, new ServerFrame.Bans(room.name(), bans));
    }

    /** Mutes the member by its proven key (if any) and its nickname, for {@code durationMs}. */
    void mute(ClientFrame.Mute mute) throws ChatError {
        Member actor = RoomActions.actorIn(session, mute.room());
        Room room = actor.room();
        synchronized (room) {
            Member target = target(room, actor, mute.nick());
            long now = context.clock().millis();
            long until = now + mute.durationMs();
            RoomRules muted = sanctions.mute(room.rules(), new MuteEntry(target.fingerprint(), target.nickKey(), until,
                    actor.nick()), now, room.name());
            room.governance().update(rules -> muted);
            RoomActions.event(context, room, RoomEventKind.MUTE, actor, Optional.of(target.nick()), Optional.empty(),
                    OptionalLong.of(until));
        }
        RoomActions.logged("mute", room, actor);
    }

    /**
     * Lifts the mute of a member in the room (by its key and nickname), or of a nickname no longer in it; nothing to
     * lift is {@code unknown_member}.
     */
    void unmute(ClientFrame.Unmute unmute) throws ChatError {
        Member actor = RoomActions.actorIn(session, unmute.room());
        Room room = actor.room();
        synchronized (room) {
            String nickKey = Names.key(unmute.nick());
            Member target = room.member(nickKey);
            if (target != null) {
                target(room, actor, unmute.nick()); // the role rules, as for any action on a member
            } else {
                mayModerate(room, actor);
            }
            Optional<String> key = target == null ? Optional.empty() : target.fingerprint();
            Optional<RoomRules> unmuted = RoomSanctions.unmute(room.rules(), key, nickKey, context.clock().millis());
            if (unmuted.isEmpty()) {
                throw new ChatError(ErrorCode.UNKNOWN_MEMBER, "nobody of that name is muted here",
                        Optional.of(room.name()));
            }
            room.governance().update(rules -> unmuted.get());
            String named = target == null ? unmute.nick() : target.nick();
            RoomActions.event(context, room, RoomEventKind.UNMUTE, actor, Optional.of(named), Optional.empty(),
                    OptionalLong.empty());
        }
        RoomActions.logged("unmute", room, actor);
    }

    /** Caller holds the room's monitor: the actor is still there, as owner or moderator. */
    private static Role mayModerate(Room room, Member actor) throws ChatError {
        Role role = RoomActions.roleIn(room, actor);
        if (role == Role.MEMBER) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "only the room's owner and moderators may do that",
                    Optional.of(room.name()));
        }
        return role;
    }

    /** Caller holds the room's monitor: the member named {@code nick}, if the actor may act on it. */
    private static Member target(Room room, Member actor, String nick) throws ChatError {
        Role actorRole = mayModerate(room, actor);
        Member target = RoomActions.otherMember(room, actor, nick);
        Role targetRole = room.roleOf(target);
        if (targetRole == Role.OWNER || (actorRole == Role.MODERATOR && targetRole == Role.MODERATOR)) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "a moderator may not act on the owner or another moderator",
                    Optional.of(room.name()));
        }
        return target;
    }

    /** The bans in force in all rooms: other rooms' rules are read without their monitors (never two rooms' locks). */
    private long bansOnServer(long now) {
        long bans = 0;
        for (Room room : context.rooms().all()) {
            bans += RoomSanctions.activeBans(room.rules(), now).size();
        }
        return bans;
    }
}
