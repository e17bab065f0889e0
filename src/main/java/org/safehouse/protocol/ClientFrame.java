package org.safehouse.protocol;

import java.util.Optional;

/**
 * A frame a client sends, decoded. {@code room} is empty when the client did not name one (Ragnarok clients never
 * do); the core decides whether that is allowed for the connection's kind.
 */
public sealed interface ClientFrame {

    /** Double dispatch: a new frame type does not compile until every handler handles it. */
    void dispatchTo(ClientFrameHandler handler);

    record Join(int version, String room, String nick, Optional<String> password) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onJoin(this);
        }

        @Override
        public String toString() {
            return "Join[version=" + version + ", room=" + room + ", nick=" + nick + ", password=<hidden>]";
        }
    }

    record Leave(String room) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onLeave(this);
        }
    }

    record Broadcast(Optional<String> room, String text) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onBroadcast(this);
        }

        @Override
        public String toString() {
            return "Broadcast[room=" + room + ", text=<" + text.length() + " chars>]";
        }
    }

    record PrivateMessage(Optional<String> room, String target, String text) implements ClientFrame {
        @Override
        public void dispatchTo(ClientFrameHandler handler) {
            handler.onPrivateMessage(this);
        }

        @Override
        public String toString() {
            return "PrivateMessage[room=" + room + ", target=" + target + ", text=<" + text.length() + " chars>]";
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
