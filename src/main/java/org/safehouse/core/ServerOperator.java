package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.safehouse.config.RoomPassword;
import org.safehouse.crypto.PasswordHasher;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.Role;

/**
 * What the operator does to a running server from outside the chat (the {@code /admin/} API): list rooms and their
 * members, delete a room, ban address groups server-wide, rotate a room's password. Every action is logged with
 * the action, the room and the actor ({@code admin-api}, {@code cli}), never a password, token or address.
 * Reached through {@link ChatServer#operator()}. Thread-safe: each call takes at most one room's monitor.
 */
public final class ServerOperator {
    private static final System.Logger LOG = System.getLogger(ServerOperator.class.getName());
    /** Shortest password the operator may rotate to. */
    public static final int MIN_PASSWORD_CHARS = 8;

    private final RoomRegistry rooms;
    private final ServerBans bans;
    private final RoomCatalog catalog;
    private final PasswordHasher hasher;
    private final Executor passwordWorkers;
    private final PanicWipe panicWipe;
    private final RoomRemovals removals;

    ServerOperator(RoomRegistry rooms, ServerBans bans, RoomCatalog catalog, PasswordHasher hasher,
                   Executor passwordWorkers, PanicWipe panicWipe, RoomRemovals removals) {
        this.rooms = rooms;
        this.bans = bans;
        this.catalog = catalog;
        this.hasher = hasher;
        this.passwordWorkers = passwordWorkers;
        this.panicWipe = panicWipe;
        this.removals = removals;
    }

    /**
     * The server's panic wipe ({@link PanicWipe#wipeAll}): every room's members out, its history and private
     * messages purged from memory and disk, passwords and rules kept; a new self-signed TLS key when one is used.
     */
    public PanicWipe.ServerWipe wipeAll(String actor) {
        LOG.log(Level.WARNING, "operator action wipe-server actor={0}", actor);
        return panicWipe.wipeAll();
    }

    /** How a room is owned: by a key, by an owner password, or by nobody (then only the operator runs it). */
    public enum OwnerKind {
        KEY("key"), PASSWORD("password"), NONE("none");

        private final String wireName;

        OwnerKind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /**
     * One room as the operator sees it.
     *
     * @param persistent whether it stays when empty (configured, owned, or kept for its durable history)
     */
    public record RoomSummary(String name, String title, int membersOnline, OwnerKind owner, boolean hasPassword,
                              boolean fromConfig, boolean persistent, int bans, int moderators) {
    }

    /** One member online, with its role in the room. */
    public record MemberSummary(String nick, Role role, boolean provenKeys, boolean legacy) {
    }

    /** Why an operator action was refused: a message a person understands. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    public ServerBans bans() {
        return bans;
    }

    /** Every room, by name. */
    public List<RoomSummary> listRooms() {
        List<RoomSummary> summaries = new ArrayList<>();
        for (Room room : rooms.all()) {
            if (!room.isRemoved() && !room.isFounding()) {
                summaries.add(summary(room));
            }
        }
        summaries.sort(Comparator.comparing(RoomSummary::name, String.CASE_INSENSITIVE_ORDER));
        return summaries;
    }

    public Optional<RoomSummary> room(String name) {
        return find(name).map(this::summary);
    }

    /** The room's members online in joining order; empty when there is no such room. */
    public Optional<List<MemberSummary>> members(String name) {
        return find(name).map(room -> {
            List<MemberSummary> members = new ArrayList<>();
            List<Member> snapshot;
            synchronized (room) {
                snapshot = room.members();
            }
            for (Member member : snapshot) {
                members.add(new MemberSummary(member.nick(), room.roleOf(member), member.fingerprint().isPresent(),
                        member.session().isLegacy()));
            }
            return members;
        });
    }

    /**
     * Deletes a created room as its owner would: members are removed ({@code Removed}, reason deleted), its history
     * and kept private messages are erased, and the catalog forgets it.
     *
     * @return false when there is no such room
     * @throws Refused for a configured room (remove it from config.json instead)
     */
    public boolean deleteRoom(String name, String actor) throws Refused {
        Optional<Room> found = find(name);
        if (found.isEmpty()) {
            return false;
        }
        Room room = found.get();
        if (room.fromConfig()) {
            throw new Refused("\"" + room.name() + "\" is a room from config.json: remove it there (and restart)");
        }
        rooms.delete(room, Optional.empty(), removals);
        LOG.log(Level.INFO, "operator action delete-room room={0} actor={1}", room.name(), actor);
        return true;
    }

    /**
     * Sets a new password for the room: current members stay, new joins need it. Hashed on the password workers;
     * kept in the catalog (for a configured room it then outranks config.json's password at every start).
     *
     * @return completes with false when there is no such room, exceptionally with {@link Refused}
     */
    public CompletableFuture<Boolean> rotatePassword(String name, String newPassword, String actor) {
        Optional<Room> found = find(name);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        if (newPassword == null || newPassword.length() < MIN_PASSWORD_CHARS
                || newPassword.length() > RoomPassword.MAX_CLEAR_CHARS) {
            return CompletableFuture.failedFuture(new Refused("the new password must be " + MIN_PASSWORD_CHARS
                    + " to " + RoomPassword.MAX_CLEAR_CHARS + " characters long"));
        }
        Room room = found.get();
        return CompletableFuture.supplyAsync(() -> hasher.hash(newPassword), passwordWorkers).thenApply(phc -> {
            synchronized (room) {
                if (room.isRemoved()) {
                    return false;
                }
                room.governance().changePassword(new RoomPassword.Hashed(phc));
                if (room.fromConfig()) {
                    catalog.rotatePassword(room.key(), phc);
                }
            }
            LOG.log(Level.INFO, "operator action rotate-password room={0} actor={1}", room.name(), actor);
            return true;
        });
    }

    /** Bans the address group of {@code ipOrCidr} server-wide; its live connections are closed with 4008. */
    public ServerBan banAddress(String ipOrCidr, OptionalLong durationMs, Optional<String> reason, String actor)
            throws Refused {
        try {
            return bans.ban(ServerBans.groupOf(ipOrCidr), durationMs, reason, actor);
        } catch (ServerBans.BanRefused e) {
            throw new Refused(e.getMessage());
        }
    }

    public boolean unban(String id, String actor) {
        return bans.unban(id, actor);
    }

    public List<ServerBan> listBans() {
        return bans.list();
    }

    private Optional<Room> find(String name) {
        if (name == null || !Names.roomName(name).ok()) {
            return Optional.empty();
        }
        Room room = rooms.find(Names.key(name));
        return room == null || room.isRemoved() || room.isFounding() ? Optional.empty() : Optional.of(room);
    }

    private RoomSummary summary(Room room) {
        RoomRules rules = room.rules();
        OwnerKind owner = rules.ownerKey().isPresent() ? OwnerKind.KEY
                : rules.ownerPasswordHash().isPresent() ? OwnerKind.PASSWORD : OwnerKind.NONE;
        synchronized (room) {
            boolean persistent = room.fromConfig() || rules.owned()
                    || catalog.keepsRooms() && room.history().size() > 0;
            return new RoomSummary(room.name(), room.title(), room.size(), owner, room.password().required(),
                    room.fromConfig(), persistent, rules.bans().size(), rules.moderatorKeys().size());
        }
    }
}
