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

/**
 * Joining a room, for both kinds of connection. Caller holds the session's monitor. A join whose password needs
 * Argon2id waits for it without holding any lock; it goes on later under the session's monitor (see {@link #resume}).
 */
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
        if (session.isWaitingForPassword(roomKey)) {
            throw new ChatError(ErrorCode.ALREADY_JOINED, "a join of this room is already waiting for its password "
                    + "check", roomLabel);
        }
        if (session.roomCount() + session.pendingCount() + session.waitingForPasswordCount()
                >= server.config.limits().maxRoomsPerConnection()) {
            throw new ChatError(ErrorCode.TOO_MANY_ROOMS, "in too many rooms on this connection", roomLabel);
        }
        server.checkMayJoin(session, roomName.value());
        Optional<IdentityKeys> keys = Optional.empty();
        if (join.keys().isPresent()) {
            PublicKeys given = join.keys().get();
            keys = Optional.of(IdentityKeys.parse(given.agreement(), given.signing(), given.algorithm())
                    .orElseThrow(() -> new ChatError(ErrorCode.BAD_KEYS,
                            "keys must be base64 SPKI: ECDH P-256, and ECDSA P-256 (ECDSA-P256-SHA256) or Ed25519",
                            roomLabel)));
        }
        attempt(session, new JoinRequest(roomName.value(), roomKey, nick.value(), password, since, epoch, keys,
                join.requireEncryption()), 0);
    }

    /**
     * Finds (or creates) the room and checks the password. A check that needs Argon2id is queued: this returns at
     * once, and the join goes on in {@link #resume} on a password worker. Caller holds the session's monitor.
     */
    private void attempt(ChatSession session, JoinRequest request, int attempt) throws ChatError {
        Optional<String> roomLabel = Optional.of(request.roomName());
        if (attempt >= MAX_ATTEMPTS) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "the room closed while joining; try again", roomLabel);
        }
        Room room = server.rooms.find(request.roomKey());
        if (room != null) {
            admit(session, room, request, attempt);
            return;
        }
        if (!server.config.allowRoomCreation()) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "no such room", roomLabel);
        }
        server.checkMayCreateRoom(session, request.roomName());
        if (request.password().isEmpty()) {
            created(session, request, RoomPassword.NONE, attempt);
            return;
        }
        session.startWaitingForPassword(request.roomKey());
        try {
            server.passwords.hashForNewRoom(session.addressGroup(), request.roomName(),
                    request.password().get(), () -> !session.isClosed(),
                    (hashed, refusal) -> resume(session, request, () -> {
                        if (refusal != null) {
                            throw refusal;
                        }
                        created(session, request, hashed, attempt);
                    }));
        } catch (ChatError refused) {
            session.stopWaitingForPassword(request.roomKey());
            throw refused;
        }
    }

    /** Registers a room made for this join, or, when another join created it first, checks against that one. */
    private void created(ChatSession session, JoinRequest request, RoomPassword password, int attempt)
            throws ChatError {
        Room fresh = server.rooms.newRoom(request.roomName(), request.roomKey(), request.roomName(), password,
                java.util.OptionalInt.empty(), false, request.requireEncryption());
        Room winner = server.rooms.putIfAbsentAndStart(fresh);
        if (winner != fresh) {
            admit(session, winner, request, attempt);
            return;
        }
        enter(session, fresh, request, attempt);
    }

    /** The password rules of an existing room; then enters, at once or once the queued check passed. */
    private void admit(ChatSession session, Room room, JoinRequest request, int attempt) throws ChatError {
        if (!room.password().required()) {
            if (request.password().isPresent()) {
                // A page that remembers a password must never land, unasked, in a room that has none: it may be a
                // squatter's room of the same name.
                throw new ChatError(ErrorCode.NO_PASSWORD_EXPECTED, "this room has no password; join without one "
                        + "if you meant this room", Optional.of(room.name()));
            }
            enter(session, room, request, attempt);
            return;
        }
        session.startWaitingForPassword(request.roomKey());
        try {
            server.passwords.check(room, request.password(), new PasswordChecks.Waiter(
                    session.addressGroup(), room.key(), () -> !session.isClosed(),
                    refusal -> resume(session, request, () -> {
                        if (refusal != null) {
                            throw refusal;
                        }
                        if (server.rooms.find(request.roomKey()) != room) {
                            attempt(session, request, attempt + 1); // replaced meanwhile: check against the new one
                            return;
                        }
                        enter(session, room, request, attempt);
                    })));
        } catch (ChatError refused) {
            session.stopWaitingForPassword(request.roomKey());
            throw refused;
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws ChatError;
    }

    /**
     * Goes on with a join whose password check finished: on a password worker (or the caller's thread for a
     * remembered pair). Takes the session's monitor; does nothing if the connection closed meanwhile.
     */
    private void resume(ChatSession session, JoinRequest request, Step next) {
        synchronized (session) {
            if (!session.stopWaitingForPassword(request.roomKey()) || session.isClosed()) {
                return;
            }
            try {
                next.run();
            } catch (ChatError error) {
                server.joinRefused(session, error);
                server.reply(session, error);
            }
        }
    }

    /** Password checked: a keyed join gets its Challenge; any other enters. */
    private void enter(ChatSession session, Room room, JoinRequest request, int attempt) throws ChatError {
        Optional<String> roomLabel = Optional.of(request.roomName());
        if (room.requireEncryption() && request.keys().isEmpty()) {
            server.dropIfEmpty(room);
            throw new ChatError(ErrorCode.KEYS_REQUIRED,
                    "this room requires end-to-end encryption: join with keys", roomLabel);
        }
        if (request.keys().isPresent()) {
            String challenge = server.newChallenge();
            session.pend(request.roomKey(), new PendingJoin(room, request.nick(), request.keys().get(), challenge,
                    server.clock.millis(), request.since(), request.epoch()));
            server.watchPending(session);
            server.send(session, new ServerFrame.Challenge(room.name(), challenge));
            return;
        }
        Member member = tryEnter(session, room, request.nick(), request.since(), request.epoch(), Optional.empty());
        if (member == null) {
            attempt(session, request, attempt + 1);
            return;
        }
        session.joined(request.roomKey(), member);
        server.markJoinedOrGone(session);
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
        byte[] signed = IdentityKeys.joinProofMessage(pending.challenge(), pending.room().name(), pending.nick());
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
            throw new ChatError(ErrorCode.BAD_NICKNAME, nick.problem(), Optional.of(room.name()));
        }
        Member member = tryEnter(session, room, nick.value(), Optional.empty(), Optional.empty(), Optional.empty());
        if (member == null) {
            throw new IllegalStateException("a configured room was removed");
        }
        session.joined(room.key(), member);
        server.markJoinedOrGone(session);
        return member;
    }

    /** @return the new member, or null when the room was removed meanwhile (the caller retries). */
    private Member tryEnter(ChatSession session, Room room, String nick, Optional<Long> since,
                            Optional<String> epoch, Optional<IdentityKeys> keys) throws ChatError {
        String nickKey = Names.key(nick);
        synchronized (room) {
            if (room.isRemoved()) {
                return null;
            }
            Optional<String> roomLabel = Optional.of(room.name());
            if (room.member(nickKey) != null) {
                throw new ChatError(ErrorCode.NAME_TAKEN, "that nickname is taken in this room", roomLabel);
            }
            if (room.isFull()) {
                throw new ChatError(ErrorCode.ROOM_FULL, "the room is full", roomLabel);
            }
            Member member = new Member(nick, nickKey, session, room, Topics.member(room.key(), nickKey), keys);
            room.add(member);
            // Greeting first, then subscriptions: every room frame published after this point follows it.
            org.safehouse.protocol.RenderedNames users = room.nicknames();
            if (session.isLegacy()) {
                server.send(session, new ServerFrame.ServerName(server.config.serverName()));
                server.send(session, MemberFrames.onlineUsers(room.name(), users, server.frameBudget));
            } else {
                for (ServerFrame frame : HistoryReplies.joined(room, nick, users, since, epoch, server.frameBudget,
                        server.codec)) {
                    server.send(session, frame);
                }
                // Stored private messages of this identity: those after the resumed id, or all it may have missed.
                Optional<ProvenIdentity> identity = ProvenIdentity.of(member);
                if (identity.isPresent()) {
                    room.mailbox().remember(identity.get());
                    long after = since.isPresent() && epoch.isPresent() && epoch.get().equals(room.epoch())
                            ? since.get() : -1;
                    PrivateMailbox.Delivery delivery = room.mailbox().forIdentity(identity.get(), after);
                    for (ServerFrame.PrivateMessage stored : delivery.frames()) {
                        server.send(session, stored);
                    }
                    if (!delivery.nowDelivered().isEmpty()) {
                        server.historyStore.markPrivateDelivered(room.key(), delivery.nowDelivered());
                    }
                }
            }
            Subscriber subscriber = session.connection().subscriber();
            server.broker.subscribe(room.roomTopic(), subscriber);
            server.broker.subscribe(session.isLegacy() ? room.onlineUsersTopic() : room.presenceTopic(), subscriber);
            server.broker.subscribe(member.directTopic(), subscriber);
            server.dirtyRooms.add(room);
            server.metrics.joined(session.isLegacy());
            return member;
        }
    }
}
