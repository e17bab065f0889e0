package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ErrorCode;

/**
 * Ragnarok's two-frame handshake: the password as the first text frame, the nickname as the second. A refusal is
 * answered with an Error frame, then the connection is closed (a Ragnarok client cannot retry on one connection).
 * Caller holds the session's monitor (see docs/ARCHITECTURE.md).
 *
 * <p>A room with a password is checked on the password workers; the client usually sends its nickname before the
 * check is done: that one frame is held and taken as the nickname once the password passed. Any further frame before
 * then is answered {@code not_in_room} and dropped. A room without a password accepts any password, as Ragnarok does.
 * A room that requires end-to-end encryption refuses every Ragnarok connection: its clients cannot prove keys; a
 * sealed room refuses it {@code sealed_room} (then 4005), since its clients cannot open sealed messages either.
 */
final class LegacyHandshake {
    private final ChatContext context;
    private final ChatSession session;

    LegacyHandshake(ChatContext context, ChatSession session) {
        this.context = context;
        this.session = session;
    }

    void receive(String text) {
        Room room = context.rooms().find(org.safehouse.protocol.Names.key(context.config().defaultRoom()));
        switch (session.stage()) {
            case AWAIT_PASSWORD -> password(room, text);
            case CHECKING_PASSWORD -> {
                String held = session.takeHeldNickname();
                if (held != null) {
                    session.holdNickname(held);
                    context.replies().reply(session, new ChatError(ErrorCode.NOT_IN_ROOM,
                            "not in the room yet: the password is being checked", Optional.of(room.name())));
                } else {
                    session.holdNickname(text);
                }
            }
            default -> nickname(room, text);
        }
    }

    private void password(Room room, String text) {
        try {
            SanctionChecks.checkNotBanned(context, room, session, Optional.empty(), Optional.empty());
        } catch (ChatError banned) {
            refuse(banned);
            return;
        }
        if (room.rules().sealed()) {
            refuse(new ChatError(ErrorCode.SEALED_ROOM, "this room is sealed: its messages are end-to-end encrypted "
                    + "under its password, which Ragnarok clients cannot do: use the Safehouse page",
                    Optional.of(room.name())));
            return;
        }
        if (room.requireEncryption()) {
            refuse(new ChatError(ErrorCode.KEYS_REQUIRED, "this room requires end-to-end encryption, which "
                    + "Ragnarok clients cannot do: use the /chat endpoint", Optional.of(room.name())));
            return;
        }
        if (!room.password().required()) {
            session.passedPasswordOf(room);
            session.advance(ChatSession.Stage.AWAIT_NICKNAME);
            return;
        }
        session.advance(ChatSession.Stage.CHECKING_PASSWORD);
        session.startWaitingForPassword(room.key());
        try {
            context.passwords().check(room, Optional.of(text).filter(p -> !p.isEmpty()), new PasswordChecks.Waiter(
                    session.addressGroup(), room.key(), () -> !session.isClosed(), refusal -> checked(room, refusal)));
        } catch (ChatError error) {
            session.stopWaitingForPassword(room.key());
            refuse(error);
        }
    }

    /**
     * The password check of {@code checkedRoom} finished: on a password worker, or at once for a remembered password.
     * The room may have been wiped meanwhile (a new room object, a new password): see {@link #nickname}.
     */
    private void checked(Room checkedRoom, ChatError refusal) {
        synchronized (session) {
            Room room = context.rooms().find(org.safehouse.protocol.Names.key(context.config().defaultRoom()));
            if (!session.stopWaitingForPassword(room.key()) || session.isClosed()) {
                return;
            }
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            session.passedPasswordOf(checkedRoom);
            session.advance(ChatSession.Stage.AWAIT_NICKNAME);
            String held = session.takeHeldNickname();
            if (held != null) {
                nickname(room, held);
            }
        }
    }

    private void nickname(Room room, String text) {
        if (!session.passedPasswordOf().equals(Optional.of(room))) { // wiped since: its old password lets nobody in
            refuse(new ChatError(ErrorCode.WRONG_PASSWORD, "the room was wiped; connect again with its new password",
                    Optional.of(room.name())));
            return;
        }
        try {
            // The password was checked against this very room object (a wipe replaces it).
            new Joining(context).joinChecked(session, room, text);
            session.advance(ChatSession.Stage.OPEN);
        } catch (ChatError error) {
            context.replies().joinRefused(session, error);
            context.replies().reply(session, error);
            session.connection().close(error.code() == ErrorCode.BANNED ? CloseCode.REMOVED
                    : CloseCode.LEGACY_NAME_REFUSED);
        }
    }

    /** Answers the refusal, then closes: 4007 for a banned address (as for one removed), else 4005. */
    private void refuse(ChatError error) {
        context.replies().joinRefused(session, error);
        context.replies().reply(session, error);
        session.connection().close(error.code() == ErrorCode.BANNED ? CloseCode.REMOVED
                : CloseCode.LEGACY_AUTH_FAILED);
    }
}
