package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ClientFrameHandler;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.MessageText;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ProtocolVersion;
import org.safehouse.protocol.ServerFrame;

/**
 * Handles one decoded frame of a connection that is open (modern, or Ragnarok after its handshake). Created per
 * frame; the caller holds the session's monitor. Every refusal is a {@link ChatError} answered with an Error frame.
 */
final class SessionFrameHandler implements ClientFrameHandler {
    private final ChatServer server;
    private final ChatSession session;

    SessionFrameHandler(ChatServer server, ChatSession session) {
        this.server = server;
        this.session = session;
    }

    @FunctionalInterface
    private interface Action {
        void run() throws ChatError;
    }

    private void answering(Action action) {
        answering(Optional.empty(), action);
    }

    /** As {@link #answering(Action)}; a refusal names {@code clientMsgId}, so the client knows which send failed. */
    private void answering(Optional<String> clientMsgId, Action action) {
        try {
            action.run();
        } catch (ChatError error) {
            server.send(session, error.toFrame().refusing(clientMsgId));
        }
    }

    /** As {@link #answering(Action)}, counting and logging a refusal as a refused join. */
    private void answeringJoin(Action action) {
        answering(() -> {
            try {
                action.run();
            } catch (ChatError error) {
                server.joinRefused(session, error);
                throw error;
            }
        });
    }

    @Override
    public void onJoin(ClientFrame.Join join) {
        answeringJoin(() -> {
            if (session.isLegacy()) {
                throw new ChatError(ErrorCode.UNKNOWN_TYPE, "Ragnarok connections stay in the default room; "
                        + "use the /chat endpoint to join rooms", Optional.of(join.room()));
            }
            if (!ProtocolVersion.isSupported(join.version())) {
                throw new ChatError(ErrorCode.INCOMPATIBLE_VERSION, "unsupported protocol version",
                        Optional.of(join.room()), -1, ProtocolVersion.SUPPORTED);
            }
            new Joining(server).join(session, join);
        });
    }

    @Override
    public void onProve(ClientFrame.Prove prove) {
        answeringJoin(() -> new Joining(server).prove(session, prove));
    }

    @Override
    public void onLeave(ClientFrame.Leave leave) {
        answering(() -> {
            Member member = membership(Optional.of(leave.room()));
            if (session.isLegacy()) {
                throw new ChatError(ErrorCode.UNKNOWN_TYPE, "a Ragnarok connection leaves by closing",
                        Optional.of(member.room().name()));
            }
            server.leaveRoom(session, member, true);
        });
    }

    @Override
    public void onBroadcast(ClientFrame.Broadcast broadcast) {
        answering(broadcast.clientMsgId(), () -> {
            Member member = membership(broadcast.room());
            String text = checkedText(broadcast.text(), member.room());
            Room room = member.room();
            // Scoped by sender, so one client cannot collide with (or probe) another's ids.
            Optional<String> clientKey = broadcast.clientMsgId().map(id -> member.nickKey() + '\u0000' + id);
            synchronized (room) {
                ensureStillMember(member);
                Optional<ServerFrame.Broadcast> earlier = clientKey.flatMap(room.history()::byClientKey);
                if (earlier.isPresent()) { // a resend after a reconnect: acknowledged again, not delivered again
                    ack(room, broadcast.clientMsgId(), earlier.get());
                    return;
                }
                ServerFrame.Broadcast message = new ServerFrame.Broadcast(server.ids.next(), room.name(),
                        server.clock.millis(), member.nick(), text);
                OutboundFrame encoded = server.encode(message);
                room.history().append(message, clientKey, encoded.utf8Bytes());
                server.broker.publish(room.roomTopic(), encoded);
                // Acknowledged once durable: with a durable store, an acknowledged message survives a restart.
                server.historyStore.append(room.key(), new HistoryStore.StoredMessage(message, clientKey),
                        () -> ack(room, broadcast.clientMsgId(), message));
            }
        });
    }

    @Override
    public void onPrivateMessage(ClientFrame.PrivateMessage message) {
        answering(message.encrypted().map(EncryptedBody::clientMsgId), () -> {
            Member member = membership(message.room());
            Room room = member.room();
            Optional<String> text = Optional.empty();
            if (message.text().isPresent()) {
                if (room.requireEncryption()) {
                    throw new ChatError(ErrorCode.ENCRYPTION_REQUIRED,
                            "private messages in this room must be end-to-end encrypted", Optional.of(room.name()));
                }
                text = Optional.of(checkedText(message.text().get(), room));
            } else {
                checkedEncrypted(message.encrypted().orElseThrow(), member);
            }
            Names.Checked target = Names.nickname(message.target());
            synchronized (room) {
                ensureStillMember(member);
                String targetKey = target.ok() ? Names.key(target.value()) : "";
                Member recipient = room.member(targetKey);
                Optional<ProvenIdentity> offline = recipient == null && message.encrypted().isPresent()
                        ? room.mailbox().known(targetKey) : Optional.empty();
                if (recipient == null && offline.isEmpty()) {
                    throw new ChatError(ErrorCode.UNKNOWN_RECIPIENT, "no such user in this room",
                            Optional.of(room.name()));
                }
                if (recipient != null && message.encrypted().isPresent() && recipient.keys().isEmpty()) {
                    throw new ChatError(ErrorCode.KEYS_REQUIRED, "the recipient has no keys to encrypt to",
                            Optional.of(room.name()));
                }
                long id = server.ids.next();
                long now = server.clock.millis();
                ServerFrame.PrivateMessage toRecipient = new ServerFrame.PrivateMessage(id, room.name(), now,
                        member.nick(), Optional.empty(), text, message.encrypted(), false);
                Optional<ProvenIdentity> to = recipient != null
                        ? ProvenIdentity.of(recipient) : offline;
                Optional<HistoryStore.StoredPrivate> kept = message.encrypted().isPresent() && to.isPresent()
                        ? Optional.of(new HistoryStore.StoredPrivate(toRecipient,
                                ProvenIdentity.of(member).orElseThrow(), to.get()))
                        : Optional.empty(); // plain private messages are never stored
                kept = admitted(room, kept, recipient != null);
                if (recipient != null) {
                    server.broker.publish(recipient.directTopic(), server.encode(toRecipient));
                }
                Runnable senderCopy = () -> { };
                if (!session.isLegacy()) {
                    String targetNick = recipient != null ? recipient.nick() : offline.get().nick();
                    ServerFrame.PrivateMessage copy = new ServerFrame.PrivateMessage(id, room.name(), now,
                            member.nick(), Optional.of(targetNick), text, message.encrypted(), recipient == null);
                    senderCopy = () -> sendIfStillMember(room, member, copy);
                }
                if (kept.isPresent()) {
                    // The sender's copy (the only sign the message was taken) comes once the store has it: with a
                    // durable store, "queued": true then means the message survives a restart.
                    server.historyStore.appendPrivate(room.key(), kept.get(), senderCopy);
                    if (recipient != null) { // after the append: the store applies a room's calls in order
                        server.historyStore.markPrivateDelivered(room.key(), List.of(id));
                    }
                } else {
                    senderCopy.run();
                }
            }
        });
    }

    /**
     * Keeps an encrypted private message in the room's mailbox if its caps allow (see {@link PrivateMailbox}); what
     * it displaces leaves the store too. One the caps refuse is still relayed to an online recipient, only not kept;
     * to an offline recipient it is refused with {@code mailbox_full}, and nothing waiting for anyone is lost.
     * Caller holds the room's monitor.
     */
    private Optional<HistoryStore.StoredPrivate> admitted(Room room, Optional<HistoryStore.StoredPrivate> message,
                                                          boolean recipientOnline) throws ChatError {
        if (message.isEmpty()) {
            return message;
        }
        PrivateMailbox.Admission admission = room.mailbox().admit(message.get(), session.addressGroup(),
                recipientOnline);
        if (!admission.kept()) {
            if (recipientOnline) {
                return Optional.empty();
            }
            throw new ChatError(ErrorCode.MAILBOX_FULL, "too many private messages are waiting (from you, for "
                    + "your address, for this recipient, or in this room); try again when the recipient is back",
                    Optional.of(room.name()));
        }
        if (!admission.displaced().isEmpty()) {
            server.historyStore.deletePrivate(room.key(), admission.displaced());
        }
        return message;
    }

    /**
     * Sends a sender's copy unless the sender left (or rejoined) meanwhile: a rejoin already delivered it from the
     * mailbox, and a connection gets each private message at most once between two Joined frames.
     */
    private void sendIfStillMember(Room room, Member member, ServerFrame.PrivateMessage copy) {
        synchronized (room) {
            if (room.member(member.nickKey()) == member) {
                server.send(session, copy);
            }
        }
    }

    private void ack(Room room, Optional<String> clientMsgId, ServerFrame.Broadcast message) {
        clientMsgId.ifPresent(id -> server.send(session,
                new ServerFrame.Ack(room.name(), id, message.id(), message.timestamp())));
    }

    @Override
    public void onHistory(ClientFrame.History request) {
        answering(() -> {
            Room room = membership(Optional.of(request.room())).room();
            RoomHistory.Page page;
            synchronized (room) {
                page = request.after().isPresent()
                        ? room.history().after(request.after().get(), request.limit())
                        : room.history().before(request.before().orElse(Long.MAX_VALUE), request.limit());
            }
            server.send(session, HistoryReplies.page(room, page, request.after().isPresent(), server.frameBudget,
                    server.codec));
        });
    }

    @Override
    public void onListRooms(ClientFrame.ListRooms listRooms) {
        List<ServerFrame.RoomSummary> summaries = new ArrayList<>();
        for (Room room : server.rooms.configured()) {
            int members;
            synchronized (room) {
                members = room.size();
            }
            summaries.add(new ServerFrame.RoomSummary(room.name(), room.title(), members, room.password().required()));
        }
        server.send(session, new ServerFrame.Rooms(summaries));
    }

    @Override
    public void onPing(ClientFrame.Ping ping) {
        server.send(session, new ServerFrame.Pong(ping.token()));
    }

    /** A Ragnarok connection names no room: its only room is the default one. */
    private Member membership(Optional<String> roomName) throws ChatError {
        if (roomName.isEmpty()) {
            if (session.isLegacy()) {
                roomName = Optional.of(server.config.defaultRoom());
            } else {
                throw new ChatError(ErrorCode.BAD_FIELD, "missing field room", Optional.empty());
            }
        }
        Member member = session.membership(Names.key(Names.roomName(roomName.get()).value()));
        if (member == null) {
            throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", roomName);
        }
        return member;
    }

    /** Encrypted bodies are opaque, but bounded, well-formed base64, and only from a member who proved keys. */
    private void checkedEncrypted(EncryptedBody body, Member sender) throws ChatError {
        Optional<String> room = Optional.of(sender.room().name());
        if (sender.keys().isEmpty()) {
            throw new ChatError(ErrorCode.KEYS_REQUIRED, "join with keys to send encrypted messages", room);
        }
        // AES-GCM adds 16 bytes; UTF-8 takes up to 4 bytes a character; base64 adds a third.
        long maxCiphertext = ((long) server.config.limits().maxTextChars() * 4 + 16) * 4 / 3 + 4;
        if (body.ciphertext().length() > maxCiphertext) {
            throw new ChatError(ErrorCode.TEXT_TOO_LONG, "ciphertext is longer than the text limit allows", room);
        }
        if (!isBase64(body.ciphertext(), 16, Integer.MAX_VALUE) || !isBase64(body.iv(), 12, 12)
                || !isBase64(body.signature(), 32, 160)) {
            throw new ChatError(ErrorCode.BAD_FIELD, "ciphertext, iv (12 bytes) and signature must be base64", room);
        }
    }

    private static boolean isBase64(String text, int minBytes, int maxBytes) {
        if (text.length() > 4L * (maxBytes / 3 + 1)) {
            return false;
        }
        try {
            int length = java.util.Base64.getDecoder().decode(text).length;
            return length >= minBytes && length <= maxBytes;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private String checkedText(String text, Room room) throws ChatError {
        if (text.isEmpty()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "text is empty", Optional.of(room.name()));
        }
        int max = server.config.limits().maxTextChars();
        // length() >= code points, so most texts skip the count.
        if (text.length() > max && text.codePointCount(0, text.length()) > max) {
            throw new ChatError(ErrorCode.TEXT_TOO_LONG, "text is longer than " + max + " characters",
                    Optional.of(room.name()));
        }
        String problem = MessageText.problem(text);
        if (problem != null) {
            throw new ChatError(ErrorCode.BAD_TEXT, problem, Optional.of(room.name()));
        }
        return text;
    }

    /** Caller holds the room's monitor. */
    private void ensureStillMember(Member member) throws ChatError {
        if (member.room().member(member.nickKey()) != member) {
            throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", Optional.of(member.room().name()));
        }
    }
}
