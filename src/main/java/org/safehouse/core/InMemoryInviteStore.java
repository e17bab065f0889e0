package org.safehouse.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The invites and admissions of one node's rooms, in memory, each change also handed to a {@link Journal} (SQLite
 * when history is durable: {@code storage.SqliteInviteJournal}), which keeps them across a restart. Thread-safe: one
 * monitor, a leaf lock, held while the journal is called (a journal MUST NOT block: it queues its writes).
 */
public final class InMemoryInviteStore implements InviteStore {
    /** Admissions of all rooms together, beyond which a room's oldest goes first (or, holding none, none is kept). */
    public static final int MAX_ADMISSIONS_TOTAL = 100_000;

    /** Where changes are written; called under this store's monitor, in change order. MUST NOT block. */
    public interface Journal {
        /** Created, or a use taken. */
        void saved(String roomKey, Invite invite);

        void removed(String roomKey, String tokenHash);

        void admitted(String roomKey, Admission admission);

        void unadmitted(String roomKey, String keyFingerprint);

        void roomDropped(String roomKey);

        Journal NONE = new Journal() {
            @Override
            public void saved(String roomKey, Invite invite) {
            }

            @Override
            public void removed(String roomKey, String tokenHash) {
            }

            @Override
            public void admitted(String roomKey, Admission admission) {
            }

            @Override
            public void unadmitted(String roomKey, String keyFingerprint) {
            }

            @Override
            public void roomDropped(String roomKey) {
            }
        };
    }

    /** One room's invites by token hash and admissions by key fingerprint, both oldest first. */
    private static final class RoomInvites {
        final Map<String, Invite> invites = new LinkedHashMap<>();
        final Map<String, Admission> admissions = new LinkedHashMap<>();

        boolean isEmpty() {
            return invites.isEmpty() && admissions.isEmpty();
        }
    }

    private final Journal journal;
    /** Guarded by this monitor. */
    private final Map<String, RoomInvites> rooms = new HashMap<>();
    /** Admissions of all rooms; guarded by this monitor. */
    private int admissionCount;

    public InMemoryInviteStore() {
        this(Journal.NONE);
    }

    public InMemoryInviteStore(Journal journal) {
        this.journal = journal;
    }

    /** At start, before any other call: an invite the journal kept (not written back). */
    public synchronized void restore(String roomKey, Invite invite) {
        room(roomKey).invites.put(invite.tokenHash(), invite);
    }

    /** At start, before any other call: an admission the journal kept (not written back). */
    public synchronized void restore(String roomKey, Admission admission) {
        if (room(roomKey).admissions.put(admission.keyFingerprint(), admission) == null) {
            admissionCount++;
        }
    }

    @Override
    public synchronized Created create(String roomKey, Invite invite, int maxPerRoom, int maxPerInviter, long nowMs) {
        RoomInvites room = room(roomKey);
        prune(roomKey, room, invite.verifierTag(), nowMs);
        if (room.invites.size() >= maxPerRoom) {
            return Created.ROOM_FULL;
        }
        long byInviter = room.invites.values().stream().filter(i -> i.byKey().equals(invite.byKey())).count();
        if (byInviter >= maxPerInviter) {
            return Created.INVITER_FULL;
        }
        room.invites.put(invite.tokenHash(), invite);
        journal.saved(roomKey, invite);
        return Created.CREATED;
    }

    @Override
    public synchronized Optional<Invite> find(String roomKey, String tokenHash, String verifierTag, long nowMs) {
        RoomInvites room = rooms.get(roomKey);
        Invite invite = room == null ? null : room.invites.get(tokenHash);
        return invite != null && invite.liveAt(nowMs, verifierTag) ? Optional.of(invite) : Optional.empty();
    }

    @Override
    public synchronized boolean consume(String roomKey, String tokenHash, String verifierTag, long nowMs) {
        Optional<Invite> live = find(roomKey, tokenHash, verifierTag, nowMs);
        if (live.isEmpty()) {
            return false;
        }
        Invite used = live.get().withUsesLeft(live.get().usesLeft() - 1);
        rooms.get(roomKey).invites.put(tokenHash, used);
        journal.saved(roomKey, used);
        return true;
    }

    @Override
    public synchronized void giveBack(String roomKey, String tokenHash) {
        RoomInvites room = rooms.get(roomKey);
        Invite invite = room == null ? null : room.invites.get(tokenHash);
        if (invite != null && invite.usesLeft() < invite.maxUses()) {
            Invite restored = invite.withUsesLeft(invite.usesLeft() + 1);
            room.invites.put(tokenHash, restored);
            journal.saved(roomKey, restored);
        }
    }

    @Override
    public synchronized List<Invite> live(String roomKey, String verifierTag, long nowMs) {
        RoomInvites room = rooms.get(roomKey);
        if (room == null) {
            return List.of();
        }
        return room.invites.values().stream().filter(invite -> invite.liveAt(nowMs, verifierTag)).toList();
    }

    @Override
    public synchronized boolean revoke(String roomKey, String inviteId) {
        RoomInvites room = rooms.get(roomKey);
        if (room == null) {
            return false;
        }
        for (Iterator<Invite> it = room.invites.values().iterator(); it.hasNext(); ) {
            Invite invite = it.next();
            if (invite.inviteId().equals(inviteId)) {
                it.remove();
                journal.removed(roomKey, invite.tokenHash());
                dropIfEmpty(roomKey, room);
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void admit(String roomKey, Admission admission) {
        RoomInvites room = room(roomKey);
        if (room.admissions.remove(admission.keyFingerprint()) != null) { // re-admitted: now the newest
            admissionCount--;
        }
        Iterator<Admission> oldest = room.admissions.values().iterator();
        while (oldest.hasNext() && (room.admissions.size() >= MAX_ADMISSIONS_PER_ROOM
                || admissionCount >= MAX_ADMISSIONS_TOTAL)) {
            String dropped = oldest.next().keyFingerprint();
            oldest.remove();
            admissionCount--;
            journal.unadmitted(roomKey, dropped);
        }
        if (admissionCount >= MAX_ADMISSIONS_TOTAL) {
            return; // every room is full of admissions but this one, which has none: this join is not remembered
        }
        room.admissions.put(admission.keyFingerprint(), admission);
        admissionCount++;
        journal.admitted(roomKey, admission);
    }

    @Override
    public synchronized boolean admitted(String roomKey, String keyFingerprint, String verifierTag) {
        RoomInvites room = rooms.get(roomKey);
        Admission admission = room == null ? null : room.admissions.get(keyFingerprint);
        return admission != null && admission.verifierTag().equals(verifierTag);
    }

    @Override
    public synchronized void forgetAdmission(String roomKey, String keyFingerprint) {
        RoomInvites room = rooms.get(roomKey);
        if (room != null && room.admissions.remove(keyFingerprint) != null) {
            admissionCount--;
            journal.unadmitted(roomKey, keyFingerprint);
            dropIfEmpty(roomKey, room);
        }
    }

    @Override
    public synchronized void dropRoom(String roomKey) {
        RoomInvites room = rooms.remove(roomKey);
        if (room != null) {
            admissionCount -= room.admissions.size();
            journal.roomDropped(roomKey);
        }
    }

    /** Rooms holding any invite or admission (for tests of the bounds). */
    synchronized int roomCount() {
        return rooms.size();
    }

    private RoomInvites room(String roomKey) {
        return rooms.computeIfAbsent(roomKey, key -> new RoomInvites());
    }

    /** Drops the invites that can no longer admit anyone: expired, used up, or of an older verifier. */
    private void prune(String roomKey, RoomInvites room, String verifierTag, long nowMs) {
        List<String> dead = new ArrayList<>();
        for (Invite invite : room.invites.values()) {
            if (!invite.liveAt(nowMs, verifierTag)) {
                dead.add(invite.tokenHash());
            }
        }
        for (String tokenHash : dead) {
            room.invites.remove(tokenHash);
            journal.removed(roomKey, tokenHash);
        }
        room.admissions.values().removeIf(admission -> {
            boolean stale = !admission.verifierTag().equals(verifierTag);
            if (stale) {
                admissionCount--;
                journal.unadmitted(roomKey, admission.keyFingerprint());
            }
            return stale;
        });
    }

    private void dropIfEmpty(String roomKey, RoomInvites room) {
        if (room.isEmpty()) {
            rooms.remove(roomKey);
        }
    }
}
