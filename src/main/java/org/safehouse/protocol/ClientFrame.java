package org.safehouse.protocol;

import java.util.Optional;

/**
 * A frame a client sends, decoded. {@code room} is empty when the client did not name one (Ragnarok clients never
 * do); the core decides whether that is allowed for the connection's kind.
 */
public sealed interface ClientFrame {

    /** Double dispatch: a new frame type does not compile until every handler handles it. */
    void dispatchTo(ClientFrameHandler handler);

    /**
     * @param since a resuming client's last seen message id in this room
     * @param epoch the room history epoch the client saw that id in
     */
    record Join(int version, String room, String nick, Optional<String> password, Optional<Long> since,
                Optional<String> epoch, Optional<PublicKeys> keys, boolean requireEncryption) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onJoin(this);
        }

        @Override
        public String toString() {
            return "Join[version=" + version + ", room=" + room + ", nick=" + nick + ", password=<hidden>, since="
                    + since + ", epoch=" + epoch + ", keys=" + keys.isPresent() + "]";
        }
    }

    record Leave(String room) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onLeave(this);
        }
    }

    /** @param clientMsgId the client's own id, making a resend idempotent */
    record Broadcast(Optional<String> room, String text, Optional<String> clientMsgId) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onBroadcast(this);
        }

        @Override
        public String toString() {
            return "Broadcast[room=" + room + ", text=<" + text.length() + " chars>]";
        }
    }

    /** The answer to a {@code Challenge}: the signature proving ownership of the keys the Join named. */
    record Prove(String room, String signature) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onProve(this);
        }
    }

    /** Exactly one of {@code text} (plain) and {@code encrypted} is present. */
    record PrivateMessage(Optional<String> room, String target, Optional<String> text,
                          Optional<EncryptedBody> encrypted) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onPrivateMessage(this);
        }

        @Override
        public String toString() {
            return "PrivateMessage[room=" + room + ", target=" + target + ", encrypted=" + encrypted.isPresent() + "]";
        }
    }

    /** A page of a room's history: before or after an id (exclusive), or the newest page when neither is given. */
    record History(String room, Optional<Long> before, Optional<Long> after, int limit) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onHistory(this);
        }
    }

    record ListRooms() implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onListRooms(this);
        }
    }

    record Ping(Optional<String> token) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onPing(this);
        }
    }
}
