package org.safehouse.transport;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.safehouse.core.ChatSession;
import org.safehouse.protocol.CloseCode;

/**
 * The WebSocket endpoint of both paths ({@code /chat}, and {@code /ragnarok} with {@code legacy} set). One instance
 * per connection. Container threads call it; it forwards to the core and never blocks on a send.
 */
public final class WebSocketEndpoint extends Endpoint {
    private static final System.Logger LOG = System.getLogger(WebSocketEndpoint.class.getName());
    private static final CloseReason BINARY_REFUSED =
            new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "text frames only");

    private final SafehouseRuntime runtime;
    private final boolean legacy;
    private JakartaConnection connection;

    WebSocketEndpoint(SafehouseRuntime runtime, boolean legacy) {
        this.runtime = runtime;
        this.legacy = legacy;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (Boolean.FALSE.equals(session.getUserProperties().get(HandshakeConfigurator.ORIGIN_ALLOWED))) {
            LOG.log(Level.INFO, "refused a WebSocket from a foreign Origin");
            runtime.closeLater(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    CloseCode.ORIGIN_REFUSED.reason()));
            return;
        }
        runtime.applyLimits(session);
        connection = new JakartaConnection(session, runtime, RemoteAddresses.of(session), runtime.queueLimits());
        JakartaConnection current = connection;
        int maxFrameBytes = runtime.chat().config().limits().maxFrameBytes();
        runtime.register(current);
        current.attach(runtime.chat().open(current, legacy));
        session.addMessageHandler(String.class, new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String text) {
                current.heard();
                if (exceedsUtf8Bytes(text, maxFrameBytes)) {
                    current.close(CloseCode.FRAME_TOO_BIG);
                    return;
                }
                runtime.chat().receive(current.chatSession(), text);
            }
        });
        session.addMessageHandler(PongMessage.class, new MessageHandler.Whole<PongMessage>() {
            @Override
            public void onMessage(PongMessage pong) {
                current.heard();
            }
        });
        session.addMessageHandler(ByteBuffer.class, new MessageHandler.Whole<ByteBuffer>() {
            @Override
            public void onMessage(ByteBuffer binary) {
                runtime.closeLater(session, BINARY_REFUSED);
            }
        });
    }

    /**
     * Whether a text is longer than {@code maxBytes} in UTF-8, without encoding it. The buffer limits set on the
     * session already close bigger messages with 1009 on Jetty and Tomcat, but Tyrus applies them to fragmented
     * messages only and hands over a single frame of any size below its own 4 MiB engine limit.
     */
    static boolean exceedsUtf8Bytes(String text, int maxBytes) {
        int length = text.length();
        if (length > maxBytes) {
            return true; // at least one byte per char
        }
        if (length * 3L <= maxBytes) {
            return false; // at most three bytes per char (a surrogate pair is four bytes for two chars)
        }
        long bytes = 0;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes > maxBytes;
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        JakartaConnection closed = connection;
        if (closed == null) {
            return;
        }
        closed.queue().shutDown();
        runtime.unregister(closed);
        ChatSession chat = closed.chatSession();
        if (chat != null) {
            runtime.chat().closed(chat);
        }
    }

    @Override
    public void onError(Session session, Throwable failure) {
        // The class only: container messages may quote frame content.
        LOG.log(Level.DEBUG, "WebSocket error: " + failure.getClass().getName());
    }
}
