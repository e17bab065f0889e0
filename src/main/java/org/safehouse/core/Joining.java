package org.safehouse.core;

import java.util.List;
import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.PublicKeys;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ServerFrame;

/** Joining a room, for both kinds of connection. Caller holds the session's monitor. */
final class Joining {
    /** A join can lose a race with the last member leaving a created room at most this often before giving up. */
    private static final int MAX_ATTEMPTS = 3;

    private final ChatServer server;

    Joining(ChatServer server) {
        this.server = server;
    }

    /**
     * Validates, checks the password, and adds the member; the greeting frames are queued before any room frame.
     * A Join with keys is not entered yet: it gets a Challenge, and enters on a valid {@link #prove}.
     */
    void join(ChatSession session, ClientFrame.Join join) throws ChatError {
        String rawRoom = join.room();
        String rawNick = join.nick();
        Optional<Long> since = join.since();
        Optional<String> epoch = join.epoch();
        Optional<String> password = join.password().filter(p -> !p.isEmpty());
        Names.Checked roomName = Names.roomName(rawRoom);
        Optional<String> roomLabel = Optional.of(roomName.value());
        if (!roomName.ok()) {
            throw new ChatError(ErrorCode.BAD_ROOM_NAME, roomName.problem(), Optional.of(rawRoom));
        }
        Names.Checked nick = Names.nickname(rawNick);
        if (!nick.ok()) {
            throw new ChatError(ErrorCode.BAD_NICKNAME, nick.problem(), roomLabel);
        }
        String roomKey = Names.key(roomName.value());
        if (session.membership(roomKey) != null) {
            throw new ChatError(ErrorCode.ALREADY_JOINED, "already in this room", roomLabel);
        }
        if (session.roomCount() + session.pendingCount() >= server.config.limits().maxRoomsPerConnection()) {
            throw new ChatError(ErrorCode.TOO_MANY_ROOMS, "in too many rooms on this connection", roomLabel);
        }
        Optional<IdentityKeys> keys = Optional.empty();
        if (join.keys().isPresent()) {
            PublicKeys given = join.keys().get();
            keys = Optional.of(IdentityKeys.parse(given.agreement(), given.signing(), given.algorithm())
                    .orElseThrow(() -> new ChatError(ErrorCode.BAD_KEYS,
                            "keys must be base64 SPKI: ECDH P-256, and ECDSA P-256 (ECDSA-P256-SHA256) or Ed25519",
                            roomLabel)));
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Room room = findOrCreate(session, roomName.value(), roomKey, password, join.requireEncryption());
            if (room.requireEncryption && keys.isEmpty()) {
                server.dropIfEmpty(room);
                throw new ChatError(ErrorCode.KEYS_REQUIRED,
                        "this room requires end-to-end encryption: join with keys", roomLabel);
            }
            if (keys.isPresent()) {
                String challenge = server.newChallenge();
                session.pend(roomKey, new PendingJoin(room, nick.value(), keys.get(), challenge,
                        server.clock.millis(), since, epoch));
                server.watchPending(session);
                server.send(session, new ServerFrame.Challenge(room.name, challenge));
                return;
            }
            Member member = tryEnter(session, room, nick.value(), since, epoch, Optional.empty());
            if (member != null) {
                session.joined(roomKey, member);
                server.markJoinedOrGone(session);
                return;
            }
        }
        throw new ChatError(ErrorCode.NO_SUCH_ROOM, "the room closed while joining; try again", roomLabel);
    }

    /** Enters the room of a pending join when the signature over its challenge verifies. Single use. */
    void prove(ChatSession session, ClientFrame.Prove prove) throws ChatError {
        String roomKey = Names.key(Names.roomName(prove.room()).value());
        Optional<String> roomLabel = Optional.of(prove.room());
        PendingJoin pending = session.takePending(roomKey);
        if (pending == null) {
            throw new ChatError(ErrorCode.BAD_SIGNATURE, "no challenge is pending for this room", roomLabel);
        }
        if (server.clock.millis() - pending.createdMillis() > PendingJoin.TIMEOUT_MILLIS) {
            server.dropIfEmpty(pending.room());
            throw new ChatError(ErrorCode.BAD_SIGNATURE, "the challenge expired; join again", roomLabel);
        }
        byte[] signed = IdentityKeys.joinProofMessage(pending.challenge(), pending.room().name, pending.nick());
        if (!pending.keys().verifies(signed, prove.signature())) {
            server.dropIfEmpty(pending.room());
            throw new ChatError(ErrorCode.BAD_SIGNATURE, "the signature does not prove ownership of the keys",
                    roomLabel);
        }
        Member member = tryEnter(session, pending.room(), pending.nick(), pending.since(), pending.epoch(),
                Optional.of(pending.keys()));
        if (member == null) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "the room closed while joining; join again", roomLabel);
        }
        session.joined(roomKey, member);
        server.markJoinedOrGone(session);
    }

    /** Joins a configured room whose password the caller has already checked (Ragnarok's handshake). */
    Member joinChecked(ChatSession session, Room room, String rawNick) throws ChatError {
        Names.Checked nick = Names.nickname(rawNick);
        if (!nick.ok()) {
            throw new ChatError(ErrorCode.BAD_NICKNAME, nick.problem(), Optional.of(room.name));
        }
        Member member = tryEnter(session, room, nick.value(), Optional.empty(), Optional.empty(), Optional.empty());
        if (member == null) {
            throw new IllegalStateException("a configured room was removed");
        }
        session.joined(room.key, member);
        server.markJoinedOrGone(session);
        return member;
    }

    private Room findOrCreate(ChatSession session, String name, String key, Optional<String> password,
                              boolean requireEncryption) throws ChatError {
        Room room = server.rooms.find(key);
        if (room != null) {
            server.passwords.check(session.connection.remoteAddress(), room, password);
            return room;
        }
        if (!server.config.allowRoomCreation()) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "no such room", Optional.of(name));
        }
        if (server.rooms.count() >= server.config.limits().maxRooms()) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "the server has too many rooms to create another",
                    Optional.of(name));
        }
        RoomPassword hashed = server.passwords.hashForNewRoom(name, password);
        Room fresh = server.rooms.newRoom(name, key, name, hashed, java.util.OptionalInt.empty(), false,
                requireEncryption);
        Room winner = server.rooms.putIfAbsentAndStart(fresh);
        if (winner != fresh) {
            server.passwords.check(session.connection.remoteAddress(), winner, password);
        }
        return winner;
    }

    /** @return the new member, or null when the room was removed meanwhile (the caller retries). */
    private Member tryEnter(ChatSession session, Room room, String nick, Optional<Long> since,
                            Optional<String> epoch, Optional<IdentityKeys> keys) throws ChatError {
        String nickKey = Names.key(nick);
        synchronized (room) {
            if (room.isRemoved()) {
                return null;
            }
            Optional<String> roomLabel = Optional.of(room.name);
            if (room.member(nickKey) != null) {
                throw new ChatError(ErrorCode.NAME_TAKEN, "that nickname is taken in this room", roomLabel);
            }
            if (room.isFull()) {
                throw new ChatError(ErrorCode.ROOM_FULL, "the room is full", roomLabel);
            }
            Member member = new Member(nick, nickKey, session, room, Topics.member(room.key, nickKey), keys);
            room.add(member);
            // Greeting first, then subscriptions: every room frame published after this point follows it.
            org.safehouse.protocol.RenderedNames users = room.nicknames();
            if (session.isLegacy()) {
                server.send(session, new ServerFrame.ServerName(server.config.serverName()));
                server.send(session, MemberFrames.onlineUsers(room.name, users, server.frameBudget));
            } else {
                for (ServerFrame frame : HistoryReplies.joined(room, nick, users, since, epoch, server.frameBudget,
                        server.codec)) {
                    server.send(session, frame);
                }
                // Stored private messages of this identity: those after the resumed id, or all it may have missed.
                Optional<ProvenIdentity> identity = ProvenIdentity.of(member);
                if (identity.isPresent()) {
                    room.mailbox.remember(identity.get());
                    long after = since.isPresent() && epoch.isPresent() && epoch.get().equals(room.epoch)
                            ? since.get() : -1;
                    for (ServerFrame.PrivateMessage stored : room.mailbox.forIdentity(identity.get(), after)) {
                        server.send(session, stored);
                    }
                }
            }
            Subscriber subscriber = session.connection.subscriber();
            server.broker.subscribe(room.roomTopic, subscriber);
            server.broker.subscribe(session.isLegacy() ? room.onlineUsersTopic : room.presenceTopic, subscriber);
            server.broker.subscribe(member.directTopic(), subscriber);
            server.dirtyRooms.add(room);
            return member;
        }
    }
}
