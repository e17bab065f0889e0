package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ErrorCode;

/**
 * The core's side of the {@link MemberDirectory}: claims a nickname cluster-wide before a member enters, and keeps
 * every room's mirror of the members other nodes hold, from the directory's reports. Its listener methods run on the
 * directory's one thread: each takes one room's monitor for a moment and never blocks; a report for a room this node
 * does not hold is dropped (the room reads its remote members when it is created or hydrated here: {@link #resync}).
 * Holds no state of its own; thread-safe.
 */
final class RemoteMembers implements MemberDirectory.Listener {
    private static final System.Logger LOG = System.getLogger(RemoteMembers.class.getName());

    private final MemberDirectory directory;
    private final RoomRegistry rooms;

    RemoteMembers(MemberDirectory directory, RoomRegistry rooms) {
        this.directory = directory;
        this.rooms = rooms;
    }

    /**
     * Claims {@code nick} in the room for this node. May block (the directory's round trip): the join path only,
     * holding at most the session's monitor.
     *
     * @throws ChatError {@code name_taken}, {@code room_full}, or {@code cluster_unavailable} when the directory
     *                   cannot answer
     */
    void claim(Room room, String nick, String nickKey, Optional<IdentityKeys> keys, boolean legacy,
               boolean ownerByPassword) throws ChatError {
        MemberDirectory.Entry entry = new MemberDirectory.Entry(room.key(), nickKey, nick, directory.node(),
                keys.map(Member::wire),
                keys.map(IdentityKeys::fingerprint), legacy, ownerByPassword);
        MemberDirectory.Claim claim;
        try {
            claim = directory.claim(entry, room.rules().maxMembers());
        } catch (SharedStateUnavailable unanswered) {
            LOG.log(System.Logger.Level.WARNING, "the member directory did not answer a claim");
            throw unanswered.refusal(Optional.of(room.name())); // also on a password worker: a ChatError is answered
        }
        switch (claim) {
            case CLAIMED -> { }
            case TAKEN -> throw new ChatError(ErrorCode.NAME_TAKEN, "that nickname is taken in this room",
                    Optional.of(room.name()));
            case FULL -> throw new ChatError(ErrorCode.ROOM_FULL, "the room is full", Optional.of(room.name()));
        }
    }

    /** Gives back a claim whose join did not enter. Never blocks. */
    void release(Room room, String nickKey) {
        directory.release(room.key(), nickKey);
    }

    /**
     * Reads the room's remote members from the directory (blocking, no lock held) and makes the mirror match: for a
     * room created or hydrated here, and after the directory's reports may have been lost (its store was away).
     * Throws {@link SharedStateUnavailable} when the directory cannot answer.
     */
    void resync(Room room) {
        resync(directory, room);
    }

    /** {@link #resync} for whoever holds only the directory ({@link RoomRegistry}, hydrating a room). */
    static void resync(MemberDirectory directory, Room room) {
        List<RemoteMember> now = new ArrayList<>();
        for (MemberDirectory.Entry entry : directory.members(room.key())) {
            if (!entry.node().equals(directory.node())) {
                now.add(RemoteMember.of(entry));
            }
        }
        synchronized (room) {
            room.remoteMembersAre(now);
        }
    }

    /** Every room held here, one at a time (blocking; no lock held while the directory answers). */
    void resyncAll() {
        for (Room room : rooms.all()) {
            resync(room);
        }
    }

    @Override
    public void joined(MemberDirectory.Entry member) {
        if (member.node().equals(directory.node())) {
            return;
        }
        Room room = rooms.find(member.roomKey());
        if (room == null) {
            return;
        }
        synchronized (room) {
            room.remoteJoined(RemoteMember.of(member));
        }
    }

    @Override
    public void left(String roomKey, String nickKey, String node, boolean tellMembers) {
        Room room = rooms.find(roomKey);
        if (room == null) {
            return;
        }
        synchronized (room) {
            room.remoteLeft(nickKey, node, tellMembers);
        }
    }
}
