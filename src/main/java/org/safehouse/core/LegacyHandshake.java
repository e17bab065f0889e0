package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.CloseCode;

/**
 * Ragnarok's two-frame handshake: the password as the first text frame, the nickname as the second. A refusal is
 * answered with an Error frame, then the connection is closed (a Ragnarok client cannot retry on one connection).
 * Caller holds the session's monitor.
 */
final class LegacyHandshake {
    private final ChatServer server;
    private final ChatSession session;

    LegacyHandshake(ChatServer server, ChatSession session) {
        this.server = server;
        this.session = session;
    }

    void receive(String text) {
        Room room = server.rooms.find(org.safehouse.protocol.Names.key(server.config.defaultRoom()));
        if (session.stage() == ChatSession.Stage.AWAIT_PASSWORD) {
            try {
                server.passwords.check(session.connection.remoteAddress(), room, Optional.of(text));
                session.advance(ChatSession.Stage.AWAIT_NICKNAME);
            } catch (ChatError error) {
                server.joinRefused(session, error);
                server.reply(session, error);
                session.connection.close(CloseCode.LEGACY_AUTH_FAILED);
            }
            return;
        }
        try {
            // The password was checked on the previous frame; the default room is never removed.
            new Joining(server).joinChecked(session, room, text);
            session.advance(ChatSession.Stage.OPEN);
        } catch (ChatError error) {
            server.joinRefused(session, error);
            server.reply(session, error);
            session.connection.close(CloseCode.LEGACY_NAME_REFUSED);
        }
    }
}
