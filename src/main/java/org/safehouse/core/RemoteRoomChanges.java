package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.RemovalReason;
import org.safehouse.protocol.ServerFrame;

/**
 * Applies what other nodes did to rooms (cluster mode: {@link RoomCatalog#listen}) to this node's mirror, through the
 * classes that own that state: {@link RoomRegistry} (created, deleted, emptied, wiped), {@link RoomGovernance#adopt}
 * (rules and password), {@link RoomRemovals} (this node's own members that a ban, a deletion or a wipe takes out:
 * the node that acted took out only its own) and {@link ServerBans}. The origin node publishes the room frames
 * (Settings, Roles, RoomEvent) that everyone sees; nothing here publishes a room frame.
 *
 * <p>Threads: the catalog's listener thread (the cluster's pub/sub thread), one change at a time in the order they
 * were made. Takes one room's monitor at a time, never blocks (no store, no catalog call).
 */
final class RemoteRoomChanges implements RoomCatalog.Changes {
    private static final System.Logger LOG = System.getLogger(RemoteRoomChanges.class.getName());

    private final RoomRegistry rooms;
    private final RoomRemovals removals;
    private final ServerBans serverBans;
    private final AddressGroupHmac addressHmac;
    private final Clock clock;

    RemoteRoomChanges(RoomRegistry rooms, RoomRemovals removals, ServerBans serverBans, AddressGroupHmac addressHmac,
                      Clock clock) {
        this.rooms = rooms;
        this.removals = removals;
        this.serverBans = serverBans;
        this.addressHmac = addressHmac;
        this.clock = clock;
    }

    @Override
    public void created(RoomCatalog.Known room) {
        rooms.createdElsewhere(room);
    }

    /** New rules or password; members here that a new ban matches are taken out, as the banning node did its own. */
    @Override
    public void changed(RoomCatalog.Entry entry) {
        Room room = rooms.find(entry.key());
        if (room == null) {
            return; // not mirrored here: a join hydrates it from the catalog as it is then
        }
        synchronized (room) {
            if (room.isRemoved()) {
                return;
            }
            RoomPassword password = room.fromConfig() && entry.passwordHash().isEmpty() ? room.password()
                    : RoomFactory.passwordOf(entry);
            room.governance().adopt(entry.rules(), password);
            long now = clock.millis();
            for (Member member : room.members()) {
                RoomSanctions.Identity who = new RoomSanctions.Identity(member.fingerprint(),
                        Optional.of(member.nickKey()),
                        Optional.of(addressHmac.digest(member.session().addressGroup())));
                RoomSanctions.banOf(entry.rules(), who, now).ifPresent(ban -> removals.remove(room, member,
                        new ServerFrame.Removed(room.name(), RemovalReason.BANNED, Optional.of(ban.by()),
                                ban.reason()), false));
            }
        }
    }

    @Override
    public void deleted(String roomKey, Optional<String> by) {
        Room room = rooms.find(roomKey);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (room.isRemoved()) {
                return;
            }
            ServerFrame.Removed removed = new ServerFrame.Removed(room.name(), RemovalReason.DELETED, by,
                    Optional.empty());
            for (Member member : room.members()) {
                removals.remove(room, member, removed, true);
            }
            rooms.forgetHere(room);
        }
        LOG.log(Level.INFO, "room deleted on another node {0}", LogFields.field("room", roomKey));
    }

    /** Forgotten as empty on another node: here too, unless someone is in it (then this node keeps it). */
    @Override
    public void emptied(String roomKey) {
        Room room = rooms.find(roomKey);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (!room.isRemoved() && room.size() == 0 && !room.isFounding() && !room.fromConfig()) {
                rooms.forgetHere(room);
            }
        }
    }

    @Override
    public void wiped(RoomCatalog.Known fresh, Optional<String> by) {
        Room room = rooms.find(fresh.entry().key());
        if (room == null) {
            rooms.createdElsewhere(fresh);
            return;
        }
        int removed = 0;
        synchronized (room) {
            if (room.isRemoved()) {
                return;
            }
            ServerFrame.Removed wiped = new ServerFrame.Removed(room.name(), RemovalReason.WIPED, by,
                    Optional.of(PanicWipe.WIPED_TEXT));
            for (Member member : room.members()) {
                if (removals.remove(room, member, wiped, true)) {
                    removed++;
                }
            }
            rooms.wipedElsewhere(room, fresh);
        }
        LOG.log(Level.WARNING, "room wiped on another node {0} {1}", LogFields.field("room", room.key()),
                LogFields.field("members", removed));
    }

    @Override
    public void serverBanned(ServerBan ban) {
        serverBans.bannedElsewhere(ban);
    }

    @Override
    public void serverBanLifted(String id) {
        serverBans.liftedElsewhere(id);
    }
}
