package org.safehouse.core;

import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Role;
import org.safehouse.protocol.RoomEventKind;
import org.safehouse.protocol.ServerFrame;

/**
 * The frames only a room's owner sends (RoomSettings also its moderators, for the topic): settings, roles, handing
 * over and deleting the room. Created per frame like {@link SessionFrameHandler}, whose caller holds the session's
 * monitor; a refusal is a {@link ChatError}. The actor's role is read under the room's monitor when the change is
 * made, never trusted from the client. Each change reaches every /chat member (Settings or Roles) and is announced by
 * a {@code RoomEvent} system line; the rules go to the catalog ({@link RoomGovernance#update}).
 */
final class OwnerFrames {
    private final ChatContext context;
    private final ChatSession session;

    OwnerFrames(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    /**
     * The topic (owner or moderator) and the owner's settings. A new password is hashed on the password workers
     * first (holding no lock); the change is then made under the session's and the room's monitors, after checking
     * the role again.
     */
    void roomSettings(ClientFrame.RoomSettings settings) throws ChatError {
        Member actor = RoomActions.actorIn(session, settings.room());
        Room room = actor.room();
        synchronized (room) {
            checkMayChange(room, actor, settings); // refused at once, before any hashing
        }
        Optional<String> newPassword = settings.password();
        if (newPassword.isEmpty() || newPassword.get().isEmpty()) {
            apply(actor, settings, newPassword.map(p -> RoomPassword.NONE));
            return;
        }
        context.passwords().hashForNewRoom(session.addressGroup(), room.name(), newPassword.get(),
                () -> !session.isClosed(), (hashed, refusal) -> {
                    synchronized (session) {
                        if (session.isClosed()) {
                            return;
                        }
                        try {
                            if (refusal != null) {
                                throw refusal;
                            }
                            apply(actor, settings, Optional.of(hashed));
                        } catch (ChatError error) {
                            context.replies().reply(session, error);
                        }
                    }
                });
    }

    /** Caller holds the session's monitor. */
    private void apply(Member actor, ClientFrame.RoomSettings settings, Optional<RoomPassword> password)
            throws ChatError {
        Room room = actor.room();
        synchronized (room) {
            checkMayChange(room, actor, settings);
            RoomRules rules = room.governance().update(r -> {
                RoomRules changed = r;
                changed = settings.topic().map(changed::withTopic).orElse(changed);
                if (settings.maxMembers().isPresent()) {
                    changed = changed.withMaxMembers(settings.maxMembers().getAsInt());
                }
                changed = settings.postPolicy().map(changed::withPostPolicy).orElse(changed);
                return settings.historyForNewcomers().map(changed::withHistoryForNewcomers).orElse(changed);
            });
            if (password.isPresent()) {
                SealRotation.changePassword(room, password.get(), settings.salt());
            }
            context.log().publish(room.presenceTopic(), new ServerFrame.Settings(room.name(), rules.topic(),
                    room.password().required(), options(rules), actor.nick(), room.rules().seal()));
            if (settings.topic().isPresent() || settings.maxMembers().isPresent()
                    || settings.postPolicy().isPresent() || settings.historyForNewcomers().isPresent()) {
                event(room, RoomEventKind.SETTINGS, actor, Optional.empty(), Optional.empty());
            }
            if (password.isPresent()) {
                event(room, RoomEventKind.PASSWORD, actor, Optional.empty(), Optional.empty());
            }
        }
        if (password.isPresent()) { // rotation: every link and admission goes (the new verifier voids them anyway)
            context.rooms().invites().dropRoom(room.key());
        }
        RoomActions.logged("settings", room, actor);
    }

    /** Caller holds the room's monitor: the topic needs a moderator, anything else the owner. */
    private static void checkMayChange(Room room, Member actor, ClientFrame.RoomSettings settings) throws ChatError {
        boolean ownersOnly = settings.password().isPresent() || settings.maxMembers().isPresent()
                || settings.postPolicy().isPresent() || settings.historyForNewcomers().isPresent();
        Role role = RoomActions.roleIn(room, actor);
        if (ownersOnly ? role != Role.OWNER : role == Role.MEMBER) {
            throw notAllowed(room, ownersOnly ? "only the room's owner may change its settings"
                    : "only the room's owner and moderators may change the topic");
        }
        if (settings.password().isPresent() && room.fromConfig()) {
            throw notAllowed(room, "the password of a room from the server's configuration is its operator's");
        }
        SealRotation.checkSettings(room, settings);
    }

    /** Makes a member with proven keys a moderator, or a moderator a member again. Owner only. */
    void setRole(ClientFrame.SetRole setRole) throws ChatError {
        Member actor = RoomActions.actorIn(session, setRole.room());
        Room room = actor.room();
        synchronized (room) {
            Member target = ownersTarget(room, actor, setRole.nick());
            String key = target.fingerprint().orElseThrow();
            if (setRole.role() == Role.OWNER) {
                throw new ChatError(ErrorCode.BAD_FIELD, "hand the room over with TransferOwnership",
                        Optional.of(room.name()));
            }
            Set<String> moderators = new HashSet<>(room.rules().moderatorKeys());
            boolean changed = setRole.role() == Role.MODERATOR ? moderators.add(key) : moderators.remove(key);
            if (moderators.size() > RoomRules.MAX_MODERATORS) {
                throw notAllowed(room, "a room has at most " + RoomRules.MAX_MODERATORS + " moderators");
            }
            if (changed) {
                room.governance().update(r -> r.withModeratorKeys(moderators));
                room.publishRoles();
            }
            event(room, RoomEventKind.ROLE, actor, Optional.of(target.nick()),
                    Optional.of(setRole.role().wireName()));
        }
        RoomActions.logged("role", room, actor);
    }

    /**
     * Hands the room to a member with proven keys: it becomes the owner, the old owner a moderator (when it has a
     * key), and the owner password goes (whoever held it is no longer the owner).
     */
    void transferOwnership(ClientFrame.TransferOwnership transfer) throws ChatError {
        Member actor = RoomActions.actorIn(session, transfer.room());
        Room room = actor.room();
        synchronized (room) {
            Member target = ownersTarget(room, actor, transfer.nick());
            String newOwner = target.fingerprint().orElseThrow();
            room.governance().update(r -> {
                Set<String> moderators = new HashSet<>(r.moderatorKeys());
                moderators.remove(newOwner);
                actor.fingerprint().filter(k -> moderators.size() < RoomRules.MAX_MODERATORS)
                        .ifPresent(moderators::add);
                return r.withOwnerKey(Optional.of(newOwner)).withOwnerPasswordHash(Optional.empty())
                        .withModeratorKeys(moderators);
            });
            room.publishRoles();
            event(room, RoomEventKind.OWNER, actor, Optional.of(target.nick()), Optional.empty());
        }
        RoomActions.logged("transfer", room, actor);
    }

    /**
     * Deletes the room ({@link RoomRegistry#delete}): everyone out, history and kept private messages purged. Owner
     * only; {@code confirm} must be the room's name exactly. A room from config.json is its operator's: refused.
     */
    void deleteRoom(ClientFrame.DeleteRoom delete) throws ChatError {
        Member actor = RoomActions.actorIn(session, delete.room());
        Room room = actor.room();
        synchronized (room) {
            if (RoomActions.roleIn(room, actor) != Role.OWNER) {
                throw notAllowed(room, "only the room's owner may delete it");
            }
            if (!room.name().equals(delete.confirm())) {
                throw new ChatError(ErrorCode.CONFIRM_MISMATCH, "to delete the room, confirm with its name exactly",
                        Optional.of(room.name()));
            }
            if (room.fromConfig()) {
                throw notAllowed(room, "a room from the server's configuration is deleted by its operator");
            }
            context.rooms().delete(room, Optional.of(actor.nick()), context.removals());
        }
        RoomActions.logged("delete", room, actor);
    }

    /** Caller holds the room's monitor: the owner acts on another member, which has proven keys. */
    private static Member ownersTarget(Room room, Member actor, String nick) throws ChatError {
        if (RoomActions.roleIn(room, actor) != Role.OWNER) {
            throw notAllowed(room, "only the room's owner may do that");
        }
        Member target = RoomActions.otherMember(room, actor, nick);
        if (target.fingerprint().isEmpty()) {
            throw new ChatError(ErrorCode.KEYS_REQUIRED, "roles bind to keys: that member joined without keys",
                    Optional.of(room.name()));
        }
        return target;
    }

    /** Caller holds the room's monitor: the system line every member sees, numbered but not kept in history. */
    private void event(Room room, RoomEventKind kind, Member actor, Optional<String> target,
                       Optional<String> reason) {
        RoomActions.event(context, room, kind, actor, target, reason, OptionalLong.empty());
    }

    static ServerFrame.RoomOptions options(RoomRules rules) {
        return new ServerFrame.RoomOptions(rules.maxMembers(), rules.postPolicy(), rules.historyForNewcomers());
    }

    private static ChatError notAllowed(Room room, String text) {
        return new ChatError(ErrorCode.NOT_ALLOWED, text, Optional.of(room.name()));
    }
}
