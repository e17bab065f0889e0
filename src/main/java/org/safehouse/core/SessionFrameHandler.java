package org.safehouse.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ClientFrameHandler;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.MessageText;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ProtocolVersion;
import org.safehouse.protocol.SealedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * Handles one decoded frame of a connection that is open (modern, or Ragnarok after its handshake): checks it and
 * hands it to the collaborator that owns what it changes ({@link Joining}, {@link PrivateDelivery}, the room's
 * {@link MessageLog}). Created per frame; the caller holds the session's monitor (see docs/ARCHITECTURE.md). Every
 * refusal is a {@link ChatError} answered with an Error frame.
 */
final class SessionFrameHandler implements ClientFrameHandler {
    private final ChatContext context;
    private final ChatSession session;

    SessionFrameHandler(ChatContext context, ChatSession session) {
        this.context = context;
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
            context.replies().send(session, error.toFrame().refusing(clientMsgId));
        }
    }

    /** As {@link #answering(Action)}, counting and logging a refusal as a refused join. */
    private void answeringJoin(Action action) {
        answering(() -> {
            try {
                action.run();
            } catch (ChatError error) {
                context.replies().joinRefused(session, error);
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
            new Joining(context).join(session, join);
        });
    }

    @Override
    public void onProve(ClientFrame.Prove prove) {
        answeringJoin(() -> new Joining(context).prove(session, prove));
    }

    @Override
    public void onLeave(ClientFrame.Leave leave) {
        answering(() -> {
            Member member = membership(Optional.of(leave.room()));
            if (session.isLegacy()) {
                throw new ChatError(ErrorCode.UNKNOWN_TYPE, "a Ragnarok connection leaves by closing",
                        Optional.of(member.room().name()));
            }
            new Joining(context).leave(session, member, true);
        });
    }

    @Override
    public void onBroadcast(ClientFrame.Broadcast broadcast) {
        answering(broadcast.clientMsgId(), () -> {
            Member member = membership(broadcast.room());
            Optional<SealedBody> sealed = SealedMessages.checked(broadcast, member,
                    context.config().limits().maxTextChars());
            String text = sealed.isPresent() ? "" : checkedText(broadcast.text(), member.room());
            Room room = member.room();
            // Scoped by sender, so one client cannot collide with (or probe) another's ids.
            Optional<String> clientKey = broadcast.clientMsgId().map(id -> member.nickKey() + '\u0000' + id);
            BroadcastReceipt receipt = new BroadcastReceipt(context, session, room, broadcast.clientMsgId(), clientKey);
            synchronized (room) {
                if (!room.isMember(member)) {
                    throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", Optional.of(room.name()));
                }
                if (!room.governance().mayPost(member)) {
                    throw new ChatError(ErrorCode.MODERATORS_ONLY, "only the owner and moderators post in this room",
                            Optional.of(room.name()));
                }
                Optional<ServerFrame.Broadcast> earlier = clientKey.flatMap(room.history()::byClientKey);
                if (earlier.isPresent()) { // a resend after a reconnect: acknowledged again, not delivered again
                    receipt.resent(earlier.get());
                    return;
                }
                SanctionChecks.checkNotMuted(context, room, member);
                if (!context.historyStore().acceptsNewMessages()) {
                    throw ChatError.historyStoreBusy(room.name());
                }
                room.log().append(room, member.nick(), text, sealed, clientKey, receipt);
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
            context.privateDelivery().send(session, member, message, text);
        });
    }

    @Override
    public void onHistory(ClientFrame.History request) {
        answering(() -> {
            Member member = membership(Optional.of(request.room()));
            Room room = member.room();
            RoomHistory.Page page;
            synchronized (room) {
                page = (request.after().isPresent()
                        ? room.history().after(request.after().get(), request.limit())
                        : room.history().before(request.before().orElse(Long.MAX_VALUE), request.limit()))
                        .visibleAfter(room.historyFloor(member));
            }
            context.replies().send(session, HistoryReplies.page(room, page, request.after().isPresent(),
                    context.frameBudget(), context.codec()));
        });
    }

    @Override
    public void onListRooms(ClientFrame.ListRooms listRooms) {
        List<ServerFrame.RoomSummary> summaries = new ArrayList<>();
        for (Room room : context.rooms().configured()) {
            int members;
            synchronized (room) {
                members = room.size();
            }
            summaries.add(new ServerFrame.RoomSummary(room.name(), room.title(), members,
                    room.password().required()));
        }
        context.replies().send(session, new ServerFrame.Rooms(summaries));
    }

    @Override
    public void onPing(ClientFrame.Ping ping) {
        context.replies().send(session, new ServerFrame.Pong(ping.token()));
    }

    @Override
    public void onSealInfo(ClientFrame.SealInfo sealInfo) {
        answering(() -> new SealInfoAnswers(context, session).answer(sealInfo));
    }

    // The frames that run a room: each handled by the one class that owns its rules.

    @Override
    public void onRoomSettings(ClientFrame.RoomSettings settings) {
        answering(() -> new OwnerFrames(context, session).roomSettings(settings));
    }

    @Override
    public void onSetRole(ClientFrame.SetRole setRole) {
        answering(() -> new OwnerFrames(context, session).setRole(setRole));
    }

    @Override
    public void onTransferOwnership(ClientFrame.TransferOwnership transfer) {
        answering(() -> new OwnerFrames(context, session).transferOwnership(transfer));
    }

    @Override
    public void onDeleteRoom(ClientFrame.DeleteRoom deleteRoom) {
        answering(() -> new OwnerFrames(context, session).deleteRoom(deleteRoom));
    }

    @Override
    public void onKick(ClientFrame.Kick kick) {
        answering(() -> new ModerationFrames(context, session).kick(kick));
    }

    @Override
    public void onBan(ClientFrame.Ban ban) {
        answering(() -> new ModerationFrames(context, session).ban(ban));
    }

    @Override
    public void onUnban(ClientFrame.Unban unban) {
        answering(() -> new ModerationFrames(context, session).unban(unban));
    }

    @Override
    public void onListBans(ClientFrame.ListBans listBans) {
        answering(() -> new ModerationFrames(context, session).listBans(listBans));
    }

    @Override
    public void onMute(ClientFrame.Mute mute) {
        answering(() -> new ModerationFrames(context, session).mute(mute));
    }

    @Override
    public void onUnmute(ClientFrame.Unmute unmute) {
        answering(() -> new ModerationFrames(context, session).unmute(unmute));
    }

    @Override
    public void onWipeRoom(ClientFrame.WipeRoom wipeRoom) {
        answering(() -> new WipeFrames(context, session).wipeRoom(wipeRoom));
    }

    @Override
    public void onCreateInvite(ClientFrame.CreateInvite createInvite) {
        answering(() -> new InviteFrames(context, session).create(createInvite));
    }

    @Override
    public void onListInvites(ClientFrame.ListInvites listInvites) {
        answering(() -> new InviteFrames(context, session).list(listInvites));
    }

    @Override
    public void onRevokeInvite(ClientFrame.RevokeInvite revokeInvite) {
        answering(() -> new InviteFrames(context, session).revoke(revokeInvite));
    }

    /** A Ragnarok connection names no room: its only room is the default one. */
    private Member membership(Optional<String> roomName) throws ChatError {
        if (roomName.isEmpty()) {
            if (session.isLegacy()) {
                roomName = Optional.of(context.config().defaultRoom());
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
        long maxCiphertext = ((long) context.config().limits().maxTextChars() * 4 + 16) * 4 / 3 + 4;
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
        int max = context.config().limits().maxTextChars();
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
}
