package org.safehouse.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ServerFrame;

/**
 * Joins with keys between their Challenge and their Prove. A keyed Join whose password passed gets a fresh random
 * challenge ({@link #challenge}); the member enters only when a Prove signs it with the join's signing key
 * ({@link #takeProven}), once, within {@link PendingJoin#TIMEOUT_MILLIS}. A join that fails its proof, expires
 * ({@link #expire}, by the tick) or whose connection closes ({@link #dropAll}) is forgotten, and a room created for
 * it is dropped if nobody is in it. At most one pending join per connection and room (a new Join replaces the old);
 * the joins a connection may have pending count against {@code max_rooms_per_connection} ({@link #count}). This class
 * is the only owner of the pending joins: each connection's are guarded by its session's monitor, which every caller
 * holds (see docs/ARCHITECTURE.md).
 */
final class PendingJoins {
    private final Map<ChatSession, Map<String, PendingJoin>> bySession = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final RoomRegistry rooms;
    private final Clock clock;

    PendingJoins(RoomRegistry rooms, Clock clock) {
        this.rooms = rooms;
        this.clock = clock;
    }

    /** Keeps the join and returns its Challenge frame: 32 random bytes, base64. Caller holds the session's monitor. */
    ServerFrame.Challenge challenge(ChatSession session, Room room, JoinRequest request) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String challenge = Base64.getEncoder().encodeToString(bytes);
        bySession.computeIfAbsent(session, s -> new LinkedHashMap<>()).put(request.roomKey(),
                new PendingJoin(room, request.nick(), request.keys().orElseThrow(), challenge, clock.millis(),
                        request.since(), request.epoch(), request.ownerByPassword(), request.inviteTokenHash()));
        return new ServerFrame.Challenge(room.name(), challenge);
    }

    /**
     * Takes the room's pending join when the signature over its challenge verifies. Single use: a refused proof
     * forgets the join too. Caller holds the session's monitor.
     *
     * @throws ChatError {@code bad_signature}: nothing pending, expired, or a signature that does not verify
     */
    PendingJoin takeProven(ChatSession session, ClientFrame.Prove prove) throws ChatError {
        String roomKey = Names.key(Names.roomName(prove.room()).value());
        Optional<String> roomLabel = Optional.of(prove.room());
        PendingJoin pending = take(session, roomKey);
        if (pending == null) {
            throw new ChatError(ErrorCode.BAD_SIGNATURE, "no challenge is pending for this room", roomLabel);
        }
        if (clock.millis() - pending.createdMillis() > PendingJoin.TIMEOUT_MILLIS) {
            rooms.dropIfEmpty(pending.room());
            throw new ChatError(ErrorCode.BAD_SIGNATURE, "the challenge expired; join again", roomLabel);
        }
        byte[] signed = IdentityKeys.joinProofMessage(pending.challenge(), pending.room().name(), pending.nick());
        if (!pending.keys().verifies(signed, prove.signature())) {
            rooms.dropIfEmpty(pending.room());
            throw new ChatError(ErrorCode.BAD_SIGNATURE, "the signature does not prove ownership of the keys",
                    roomLabel);
        }
        return pending;
    }

    /** Joins of this connection waiting for their proof. Caller holds the session's monitor. */
    int count(ChatSession session) {
        Map<String, PendingJoin> pending = bySession.get(session);
        return pending == null ? 0 : pending.size();
    }

    /** The connection closed: forgets its pending joins. Caller holds the session's monitor. */
    void dropAll(ChatSession session) {
        Map<String, PendingJoin> pending = bySession.remove(session);
        if (pending != null) {
            pending.values().forEach(join -> rooms.dropIfEmpty(join.room()));
        }
    }

    /** The tick: forgets joins whose challenge is older than {@link PendingJoin#TIMEOUT_MILLIS}. */
    void expire(long nowMillis) {
        for (ChatSession session : bySession.keySet()) {
            synchronized (session) {
                Map<String, PendingJoin> pending = bySession.get(session);
                if (pending == null) {
                    continue;
                }
                for (PendingJoin join : takeOlderThan(pending, nowMillis - PendingJoin.TIMEOUT_MILLIS)) {
                    rooms.dropIfEmpty(join.room());
                }
                if (pending.isEmpty()) {
                    bySession.remove(session);
                }
            }
        }
    }

    private PendingJoin take(ChatSession session, String roomKey) {
        Map<String, PendingJoin> pending = bySession.get(session);
        if (pending == null) {
            return null;
        }
        PendingJoin join = pending.remove(roomKey);
        if (pending.isEmpty()) {
            bySession.remove(session);
        }
        return join;
    }

    private static List<PendingJoin> takeOlderThan(Map<String, PendingJoin> pending, long cutoffMillis) {
        List<PendingJoin> expired = new ArrayList<>();
        for (Iterator<PendingJoin> it = pending.values().iterator(); it.hasNext(); ) {
            PendingJoin join = it.next();
            if (join.createdMillis() < cutoffMillis) {
                expired.add(join);
                it.remove();
            }
        }
        return expired;
    }
}
