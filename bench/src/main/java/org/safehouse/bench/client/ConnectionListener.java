package org.safehouse.bench.client;

/**
 * What a scenario hears from its connections. Every method runs on the connection's event-loop thread and must not
 * block; the byte arrays are the frame's UTF-8 bytes, valid only during the call (the buffer is reused).
 */
public interface ConnectionListener {

    /** A Broadcast or PrivateMessage carrying one of the generator's texts (already parsed into {@code text}). */
    void onMessage(ClientConnection connection, FrameType type, MessageText text, boolean senderCopy,
            long receivedNanos);

    /** The {@code Joined} answer to the connection's Join. */
    default void onJoined(ClientConnection connection, byte[] frame, int length) {
    }

    default void onPresence(ClientConnection connection, byte[] frame, int length) {
    }

    /** Any frame that is not one of the generator's messages, nor Joined, Presence, Hello or Error. */
    default void onOther(ClientConnection connection, FrameType type, byte[] frame, int length) {
    }

    default void onError(ClientConnection connection, String code) {
    }

    /** The connection closed; {@code code} is the server's close code, or 1006 when it closed without one. */
    default void onClosed(ClientConnection connection, int code, boolean byUs) {
    }
}
