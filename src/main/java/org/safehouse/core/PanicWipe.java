package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.config.TlsConfig;
import org.safehouse.crypto.SelfSignedCertificateStore;
import org.safehouse.crypto.TlsMaterialException;
import org.safehouse.protocol.RemovalReason;
import org.safehouse.protocol.RoomSeal;
import org.safehouse.protocol.ServerFrame;

/**
 * The panic button, for a room (its owner, {@link WipeFrames}) or the whole server (the operator): every member is
 * taken out with {@code Removed} ({@code wiped}, {@value #WIPED_TEXT}; a Ragnarok connection is closed with 4007),
 * the room's history and kept private messages go from memory and are erased from the store
 * ({@link HistoryStore#purgeRoom}: deleted, then the file rebuilt), and a fresh room object takes its place under
 * the same name, with a new history epoch, the same rules (owner, moderators, settings, bans) and, for a room's wipe,
 * the new password its owner typed (a sealed room's: the new join verifier, with the new seal its salt came in, so
 * the room key changes too: {@link SealRotation#checkWipe}). A join whose password was checked against the old room
 * checks again against the new one ({@link Joining}), so the old password lets nobody in once the wipe is done.
 *
 * <p>The server's wipe keeps each room's password (the operator rotates a configured room's password, owners
 * theirs) and, when {@code java -jar} serves a self-signed certificate it generated into {@code data_dir}, writes a
 * new key pair and certificate there ({@link SelfSignedCertificateStore#rotateKey}): the next start serves them.
 *
 * <p>Threads: any; it takes one room's monitor at a time and nothing else of the core.
 */
public final class PanicWipe {
    private static final System.Logger LOG = System.getLogger(PanicWipe.class.getName());
    /** What the members of a wiped room are told, instead of anything of its content. */
    static final String WIPED_TEXT = "this room was wiped";

    /** What a server wipe did: rooms wiped, members taken out, and whether the TLS key was replaced. */
    public record ServerWipe(int rooms, int membersRemoved, boolean tlsKeyRotated) {
    }

    private final ChatContext context;

    PanicWipe(ChatContext context) {
        this.context = context;
    }

    /**
     * Wipes the room, which will then need {@code newPassword}. Takes the room's monitor (the caller may hold a
     * session's, and this room's).
     *
     * @param newSeal a sealed room's new seal ({@link SealRotation#sealAfterWipe}), or empty to keep the room's seal
     * @param by      the owner's nickname, or empty for the operator
     * @return how many members were taken out, or empty when the room was gone or replaced meanwhile (nothing done)
     */
    Optional<Integer> wipeRoom(Room room, RoomPassword newPassword, Optional<RoomSeal> newSeal, Optional<String> by) {
        int removed;
        synchronized (room) {
            if (room.isRemoved() || context.rooms().find(room.key()) != room) {
                return Optional.empty();
            }
            ServerFrame.Removed wiped = new ServerFrame.Removed(room.name(), RemovalReason.WIPED, by,
                    Optional.of(WIPED_TEXT));
            removed = 0;
            for (Member member : room.members()) {
                if (context.removals().remove(room, member, wiped, true)) {
                    removed++;
                }
            }
            context.rooms().replaceWiped(room, newPassword, newSeal, by);
        }
        LOG.log(Level.WARNING, "room wiped {0} {1} {2}", LogFields.field("room", room.key()),
                LogFields.field("by", by.isPresent() ? "owner" : "operator"), LogFields.field("members", removed));
        return Optional.of(removed);
    }

    /** The operator's server wipe: every room, keeping its password and seal, then a fresh self-signed TLS key. */
    ServerWipe wipeAll() {
        int rooms = 0;
        int members = 0;
        for (Room room : context.rooms().all()) {
            Optional<Integer> removed = wipeRoom(room, room.password(), Optional.empty(), Optional.empty());
            if (removed.isPresent()) {
                rooms++;
                members += removed.get();
            }
        }
        boolean rotated = rotateSelfSignedKey(context.config().tls());
        LOG.log(Level.WARNING, "server wiped {0} {1} {2}", LogFields.field("rooms", rooms),
                LogFields.field("members", members), LogFields.field("tls_key_rotated", rotated));
        return new ServerWipe(rooms, members, rotated);
    }

    /**
     * Replaces the self-signed certificate {@code java -jar} generated into {@code data_dir}, if TLS uses one.
     *
     * @return whether a new key pair was written
     */
    static boolean rotateSelfSignedKey(TlsConfig tls) {
        if (!tls.enabled() || !tls.selfSigned()) {
            return false;
        }
        try {
            return new SelfSignedCertificateStore(tls.dataDirectory()).rotateKey().isPresent();
        } catch (TlsMaterialException e) {
            LOG.log(Level.ERROR, "server wiped, but the TLS key could not be replaced: " + e.getMessage());
            return false;
        }
    }
}
