package org.safehouse.core;

import java.util.List;
import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.PublicKeys;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ServerFrame;

/**
 * Joining and leaving rooms, for both kinds of connection: the checks of a Join (names, limits, keys), the room's
 * password ({@link PasswordChecks}), the proof of a keyed join ({@link PendingJoins}), and the greeting a newcomer
 * gets before any room frame. The room itself adds and removes the member ({@link Room#enter}, {@link Room#leave}).
 * Caller holds the session's monitor. A join whose password needs Argon2id waits for it without holding any lock; it
 * goes on later under the session's monitor (see {@link #resume}, and docs/ARCHITECTURE.md).
 */
final class Joining {
    /** A join can lose a race with the last member leaving a created room at most this often before giving up. */
    private static final int MAX_ATTEMPTS = 3;

    private final ChatContext context;

    Joining(ChatContext context) {
        this.context = context;
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
        if (session.roomCount() + context.pendingJoins().count(session) + session.waitingForPasswordCount()
                >= context.config().limits().maxRoomsPerConnection()) {
            throw new ChatError(ErrorCode.TOO_MANY_ROOMS, "in too many rooms on this connection", roomLabel);
        }
        if (!context.addressGroups().mayJoin(session.addressGroup())) {
            throw new ChatError(ErrorCode.TOO_MANY_ROOMS, "too many rooms joined from this address", roomLabel);
        }
        Optional<IdentityKeys> keys = Optional.empty();
        if (join.keys().isPresent()) {
            PublicKeys given = join.keys().get();
            keys = Optional.of(IdentityKeys.parse(given.agreement(), given.signing(), given.algorithm())
                    .orElseThrow(() -> new ChatError(ErrorCode.BAD_KEYS,
                            "keys must be base64 SPKI: ECDH P-256, and ECDSA P-256 (ECDSA-P256-SHA256) or Ed25519",
                            roomLabel)));
        }
        JoinRequest request = new JoinRequest(roomName.value(), roomKey, nick.value(), password, since, epoch, keys,
                join.requireEncryption(), join.ownerPassword().filter(p -> !p.isEmpty()), false,
                join.invite().map(InviteStore::tokenHash), join.sealed(), join.seal());
        try {
            attempt(session, request, 0);
        } catch (SharedStateUnavailable e) {
            refuseUnavailable(session, request, e);
        }
    }

    /**
     * The cluster's shared state did not answer in time (a lookup, a claim, the shared throttle): the join is refused
     * {@code cluster_unavailable} and the connection closed with 4011, as a node that lost its cluster does, so the
     * client joins again through another node. Nothing was joined. Caller holds the session's monitor.
     */
    private void refuseUnavailable(ChatSession session, JoinRequest request, SharedStateUnavailable e) {
        ChatError error = e.refusal(Optional.of(request.roomName()));
        context.replies().joinRefused(session, error);
        context.replies().reply(session, error);
        session.connection().close(CloseCode.CLUSTER_LOST);
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
        Room room = context.rooms().find(request.roomKey());
        if (room == null) {
            room = context.rooms().lookup(request.roomKey()); // created on another node (cluster mode); blocks
        }
        if (room != null) {
            admit(session, room, request, attempt);
            return;
        }
        if (request.inviteTokenHash().isPresent()) { // an invite never creates a room
            throw context.passwords().refuseInvite(session.addressGroup(), request.roomKey(), request.roomName());
        }
        if (!context.config().allowRoomCreation()) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "no such room", roomLabel);
        }
        SealedJoins.checkMayCreate(request);
        checkMayCreateRoom(session, request.roomName());
        hashed(session, request, request.password(), password -> hashed(session, request, request.ownerPassword(),
                ownerPassword -> created(session, request, password, ownerPassword, attempt)));
    }

    @FunctionalInterface
    private interface Hashed {
        void then(RoomPassword hashed) throws ChatError;
    }

    /**
     * Hashes a new room's password (or owner password) on the password workers, then goes on under the session's
     * monitor; none given: goes on at once with {@link RoomPassword#NONE}.
     */
    private void hashed(ChatSession session, JoinRequest request, Optional<String> clear, Hashed next)
            throws ChatError {
        if (clear.isEmpty()) {
            next.then(RoomPassword.NONE);
            return;
        }
        session.startWaitingForPassword(request.roomKey());
        try {
            context.passwords().hashForNewRoom(session.addressGroup(), request.roomName(), clear.get(),
                    () -> !session.isClosed(), (hashed, refusal) -> resume(session, request, () -> {
                        if (refusal != null) {
                            throw refusal;
                        }
                        next.then(hashed);
                    }));
        } catch (ChatError refused) {
            session.stopWaitingForPassword(request.roomKey());
            throw refused;
        }
    }

    /**
     * Registers a room made for this join, or, when another join created it first (here, or on another node: the
     * catalog's claim), checks against that one. Its creator owns it: by the keys it proves, and (with an owner password) for this session.
     */
    private void created(ChatSession session, JoinRequest request, RoomPassword password, RoomPassword ownerPassword,
                         int attempt) throws ChatError {
        Optional<String> ownerHash = ownerPassword instanceof RoomPassword.Hashed hashed ? Optional.of(hashed.phc())
                : Optional.empty();
        Room fresh = context.rooms().newRoom(new Room.Settings(request.roomName(), request.roomKey(),
                request.roomName(), password, RoomRules.DEFAULT.withOwnerPasswordHash(ownerHash)
                .withSeal(request.seal()), false, request.requireEncryption() || request.seal().isPresent(),
                request.keys().map(IdentityKeys::fingerprint)));
        Room winner = context.rooms().putIfAbsentAndStart(fresh); // claims it in a cluster: may block
        if (winner != fresh) {
            admit(session, winner, request, attempt);
            return;
        }
        enter(session, fresh, ownerHash.isPresent() ? request.ownerProven() : request, attempt);
    }

    /** The password rules of an existing room; then enters, at once or once the queued check passed. */
    private void admit(ChatSession session, Room room, JoinRequest request, int attempt) throws ChatError {
        SealedJoins.checkSealMatches(room, request.sealed());
        SanctionChecks.checkNotBanned(context, room, session, request.keys(), Optional.of(Names.key(request.nick())));
        if (request.inviteTokenHash().isPresent()) {
            checkInvite(session, room, request);
            claim(session, room, request, attempt); // the key's proof comes next; the use is taken then
            return;
        }
        if (admittedByInvite(room, request)) {
            claim(session, room, request, attempt); // admitted, once the key is proven
            return;
        }
        if (!room.password().required()) {
            if (request.password().isPresent()) {
                // A page that remembers a password must never land, unasked, in a room that has none: it may be a
                // squatter's room of the same name.
                throw new ChatError(ErrorCode.NO_PASSWORD_EXPECTED, "this room has no password; join without one "
                        + "if you meant this room", Optional.of(room.name()));
            }
            claim(session, room, request, attempt);
            return;
        }
        session.startWaitingForPassword(request.roomKey());
        try {
            context.passwords().check(room, request.password(), new PasswordChecks.Waiter(
                    session.addressGroup(), room.key(), () -> !session.isClosed(),
                    refusal -> resume(session, request, () -> {
                        if (refusal != null) {
                            throw refusal;
                        }
                        if (context.rooms().find(request.roomKey()) != room) {
                            attempt(session, request, attempt + 1); // replaced meanwhile: check against the new one
                            return;
                        }
                        claim(session, room, request, attempt);
                    })));
        } catch (ChatError refused) {
            session.stopWaitingForPassword(request.roomKey());
            throw refused;
        }
    }

    /**
     * A Join with an invite instead of the password (docs/PROTOCOL.md "Invites"): to a sealed room, with keys, and a
     * live invite of that token, else {@code invite_invalid}, counted as a wrong password.
     */
    private void checkInvite(ChatSession session, Room room, JoinRequest request) throws ChatError {
        if (request.password().isPresent()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "give an invite or a password, not both",
                    Optional.of(room.name()));
        }
        if (request.keys().isEmpty()) {
            throw new ChatError(ErrorCode.KEYS_REQUIRED, "an invite joins with keys", Optional.of(room.name()));
        }
        String tokenHash = request.inviteTokenHash().orElseThrow();
        context.passwords().checkInvite(session.addressGroup(), room.key(), room.name(),
                () -> InviteFrames.invitable(room) && context.rooms().invites().find(room.key(), tokenHash,
                        InviteFrames.verifierTag(room), context.clock().millis()).isPresent());
    }

    /** A password-less Join with keys an invite let in before, while the room's verifier is the same. */
    private boolean admittedByInvite(Room room, JoinRequest request) {
        return request.password().isEmpty() && request.keys().isPresent() && InviteFrames.invitable(room)
                && context.rooms().invites().admitted(room.key(), request.keys().get().fingerprint(),
                InviteFrames.verifierTag(room));
    }

    /**
     * A join with an owner password claims the room: checked as its password is, through the same throttle (a wrong
     * one counts as a wrong password). A room without an owner password cannot be claimed ({@code not_allowed}).
     * Then enters, as owner for this session.
     */
    private void claim(ChatSession session, Room room, JoinRequest request, int attempt) throws ChatError {
        if (request.ownerPassword().isEmpty()) {
            enter(session, room, request, attempt);
            return;
        }
        Optional<String> ownerHash = room.rules().ownerPasswordHash();
        if (ownerHash.isEmpty()) {
            throw new ChatError(ErrorCode.NOT_ALLOWED, "this room has no owner password; nobody can claim it",
                    Optional.of(room.name()));
        }
        session.startWaitingForPassword(request.roomKey());
        try {
            context.passwords().checkOwnerPassword(room, ownerHash.get(), request.ownerPassword(),
                    new PasswordChecks.Waiter(session.addressGroup(), room.key(), () -> !session.isClosed(),
                            refusal -> resume(session, request, () -> {
                                if (refusal != null) {
                                    throw refusal;
                                }
                                if (context.rooms().find(request.roomKey()) != room) {
                                    attempt(session, request, attempt + 1);
                                    return;
                                }
                                enter(session, room, request.ownerProven(), attempt);
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
                context.replies().joinRefused(session, error);
                context.replies().reply(session, error);
            } catch (SharedStateUnavailable e) {
                refuseUnavailable(session, request, e);
            }
        }
    }

    /** Password checked: a keyed join gets its Challenge; any other enters. */
    private void enter(ChatSession session, Room room, JoinRequest request, int attempt) throws ChatError {
        if (room.requireEncryption() && request.keys().isEmpty()) {
            context.rooms().dropIfEmpty(room);
            throw new ChatError(ErrorCode.KEYS_REQUIRED,
                    "this room requires end-to-end encryption: join with keys", Optional.of(request.roomName()));
        }
        if (request.keys().isPresent()) {
            context.replies().send(session, context.pendingJoins().challenge(session, room, request));
            return;
        }
        Member member = enterRoom(session, room, request.nick(), request.since(), request.epoch(), Optional.empty(),
                request.ownerByPassword());
        if (member == null) {
            attempt(session, request, attempt + 1);
        }
    }

    /** Enters the room of a pending join when the signature over its challenge verifies. Single use. */
    void prove(ChatSession session, ClientFrame.Prove prove) throws ChatError {
        PendingJoin pending = context.pendingJoins().takeProven(session, prove);
        SanctionChecks.checkNotBanned(context, pending.room(), session, Optional.of(pending.keys()),
                Optional.of(Names.key(pending.nick()))); // banned while proving
        if (pending.inviteTokenHash().isPresent()) {
            enterByInvite(session, pending, prove);
            return;
        }
        Member member = enterRoom(session, pending.room(), pending.nick(), pending.since(), pending.epoch(),
                Optional.of(pending.keys()), pending.ownerByPassword());
        if (member == null) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "the room closed while joining; join again",
                    Optional.of(prove.room()));
        }
    }

    /**
     * A proven invite join: takes one use (atomic across nodes; refused when another join took the last one, or the
     * invite was revoked or the password rotated meanwhile), enters, and admits the key. A join that does not enter
     * (the name is taken, the room closed) gives the use back.
     */
    private void enterByInvite(ChatSession session, PendingJoin pending, ClientFrame.Prove prove) throws ChatError {
        Room room = pending.room();
        InviteStore invites = context.rooms().invites();
        String tokenHash = pending.inviteTokenHash().orElseThrow();
        String tag = InviteFrames.invitable(room) ? InviteFrames.verifierTag(room) : "";
        if (!invites.consume(room.key(), tokenHash, tag, context.clock().millis())) {
            throw context.passwords().refuseInvite(session.addressGroup(), room.key(), room.name());
        }
        Member member;
        try {
            member = enterRoom(session, room, pending.nick(), pending.since(), pending.epoch(),
                    Optional.of(pending.keys()), false);
        } catch (ChatError | RuntimeException refused) {
            invites.giveBack(room.key(), tokenHash);
            throw refused;
        }
        if (member == null) {
            invites.giveBack(room.key(), tokenHash);
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "the room closed while joining; join again",
                    Optional.of(prove.room()));
        }
        invites.admit(room.key(), new InviteStore.Admission(pending.keys().fingerprint(), tag,
                context.clock().millis()));
    }

    /**
     * Joins a configured room whose password the caller has already checked (Ragnarok's handshake); refused when the
     * room was wiped meanwhile.
     */
    Member joinChecked(ChatSession session, Room room, String rawNick) throws ChatError {
        Names.Checked nick = Names.nickname(rawNick);
        if (!nick.ok()) {
            throw new ChatError(ErrorCode.BAD_NICKNAME, nick.problem(), Optional.of(room.name()));
        }
        SanctionChecks.checkNotBanned(context, room, session, Optional.empty(), Optional.of(Names.key(nick.value())));
        Member member = enterRoom(session, room, nick.value(), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
        if (member == null) { // wiped between the password frame and this one
            throw new ChatError(ErrorCode.WRONG_PASSWORD, "the room was wiped; connect again with its new password",
                    Optional.of(room.name()));
        }
        return member;
    }

    /**
     * Leaves a room: the room drops the member and its subscriptions, and goes if it is now empty and not kept; a
     * connection left in no room starts its join timeout again. Caller holds the session's monitor.
     */
    void leave(ChatSession session, Member member, boolean confirm) {
        Room room = member.room();
        if (session.left(room.key(), context.clock().millis()) && !session.isClosed()) {
            context.unjoined().roomless(session);
        }
        synchronized (room) {
            if (!room.leave(member)) {
                return;
            }
            context.events().get().left(room.name(), member.nick());
            if (room.size() == 0) {
                context.rooms().removeEmpty(room);
            }
            if (confirm) {
                context.replies().send(session, new ServerFrame.Left(room.name()));
            }
        }
    }

    /**
     * Claims the name cluster-wide (this may block: the session's monitor only), then the room adds the member, which
     * gets its greeting first: ServerName and OnlineUsers for Ragnarok; Joined (with history, or the resume) and the
     * private messages kept for its identity otherwise. A join that does not enter gives the name back.
     *
     * @return the new member, or null when the room was removed meanwhile (the caller retries)
     */
    private Member enterRoom(ChatSession session, Room room, String nick, Optional<Long> since,
                             Optional<String> epoch, Optional<IdentityKeys> keys, boolean ownerByPassword)
            throws ChatError {
        String nickKey = Names.key(nick);
        context.members().claim(room, nick, nickKey, keys, session.isLegacy(), ownerByPassword);
        Member member;
        try {
            member = enterClaimed(session, room, nick, since, epoch, keys, ownerByPassword);
        } catch (ChatError | RuntimeException refused) {
            context.members().release(room, nickKey);
            throw refused;
        }
        if (member == null) {
            context.members().release(room, nickKey);
        }
        return member;
    }

    /** Enters a room the name is claimed in: the greeting, then the member's bookkeeping. */
    private Member enterClaimed(ChatSession session, Room room, String nick, Optional<Long> since,
                                Optional<String> epoch, Optional<IdentityKeys> keys, boolean ownerByPassword)
            throws ChatError {
        Replies replies = context.replies();
        Member member = room.enter(session, nick, keys, ownerByPassword, (newcomer, users) -> {
            if (session.isLegacy()) {
                replies.send(session, new ServerFrame.ServerName(context.config().serverName()));
                replies.send(session, MemberFrames.onlineUsers(room.name(), users, context.frameBudget()));
                return;
            }
            for (ServerFrame frame : HistoryReplies.joined(room, newcomer, users, since, epoch, context.frameBudget(),
                    context.codec())) {
                replies.send(session, frame);
            }
            context.privateDelivery().deliverKept(newcomer, since, epoch);
        });
        if (member != null) {
            context.metrics().get().joined(session.isLegacy());
            context.events().get().joined(room.name(), member.nick());
            session.joined(room.key(), member);
            context.unjoined().joinedOrGone(session);
        }
        return member;
    }

    /**
     * Refuses creating a room when the server holds {@code max_rooms} ({@code server_full}) or the connection's address
     * group has created rooms too fast ({@code rate_limited}, with the wait).
     */
    private void checkMayCreateRoom(ChatSession session, String roomName) throws ChatError {
        if (context.rooms().count() >= context.config().limits().maxRooms()) {
            throw new ChatError(ErrorCode.SERVER_FULL, "the server holds as many rooms as it may; join an existing one",
                    Optional.of(roomName));
        }
        long wait = context.addressGroups().tryCreateRoom(session.addressGroup(), context.clock().millis());
        if (wait > 0) {
            throw new ChatError(ErrorCode.RATE_LIMITED, "too many rooms created from this address; try again later",
                    Optional.of(roomName), wait, List.of());
        }
    }
}
