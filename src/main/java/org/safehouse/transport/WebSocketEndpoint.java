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
 * per connection. Container threads call it; it forwards to the core and never blocks on a send. Every callback
 * catches whatever escapes it, an {@link OutOfMemoryError} included, and reports it through {@link EndpointFailures}
 * (ERROR unless it is the peer's doing); a failed open or message closes the connection with 1011.
 */
public final class WebSocketEndpoint extends Endpoint {
    private static final System.Logger LOG = System.getLogger(WebSocketEndpoint.class.getName());
    private static final CloseReason INTERNAL_ERROR =
            new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION, CloseCode.INTERNAL_ERROR.reason());
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
        try {
            open(session);
        } catch (Throwable failure) {
            EndpointFailures.report("onOpen", failure);
            runtime.closeLater(session, INTERNAL_ERROR);
        }
    }

    private void open(Session session) {
        // Removed once read: its headers are not kept for the life of the connection.
        Handshake handshake = session.getUserProperties().remove(HandshakeConfigurator.HANDSHAKE)
                instanceof Handshake recorded ? recorded : new Handshake(null, null, null, ForwardedHeaders.NONE);
        ClientAddress client = handshake.forwarded().resolve(RemoteAddresses.of(session), runtime.trustedProxies());
        String endpoint = legacy ? "Ragnarok" : "chat";
        String via = client.viaTrustedProxy() ? " via trusted proxy " + client.peer() : "";
        if (!runtime.originPolicy().allows(handshake.origin(), handshake.host(), handshake.scheme(), client)) {
            LOG.log(Level.INFO, "refused a " + endpoint + " WebSocket from " + client.address() + via
                    + ": foreign Origin (see public_url and allowed_origins)");
            runtime.closeLater(session, new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY,
                    CloseCode.ORIGIN_REFUSED.reason()));
            return;
        }
        LOG.log(Level.INFO, endpoint + " WebSocket opened from " + client.address() + via);
        runtime.applyLimits(session);
        connection = new JakartaConnection(session, runtime, client.address(), runtime.queueLimits());
        JakartaConnection current = connection;
        int maxFrameBytes = runtime.chat().config().limits().maxFrameBytes();
        runtime.register(current);
        current.attach(runtime.chat().open(current, legacy));
        TextMessageAssembler assembler = new TextMessageAssembler(maxFrameBytes, current::heard,
                text -> runtime.chat().receive(current.chatSession(), text),
                () -> current.close(CloseCode.FRAME_TOO_BIG));
        session.addMessageHandler(String.class, new MessageHandler.Partial<String>() {
            @Override
            public void onMessage(String part, boolean last) {
                try {
                    assembler.onMessage(part, last);
                } catch (Throwable failure) {
                    EndpointFailures.report("onMessage", failure);
                    current.close(CloseCode.INTERNAL_ERROR);
                }
            }
        });
        session.addMessageHandler(PongMessage.class, new MessageHandler.Whole<PongMessage>() {
            @Override
            public void onMessage(PongMessage pong) {
                current.heard();
            }
        });
        // In parts, so a binary message of any size is refused with 1003 at its first part, through a small buffer.
        session.addMessageHandler(ByteBuffer.class, new MessageHandler.Partial<ByteBuffer>() {
            private boolean refused; // the container calls one session's handlers one at a time

            @Override
            public void onMessage(ByteBuffer part, boolean last) {
                if (!refused) {
                    refused = true;
                    runtime.closeLater(session, BINARY_REFUSED);
                }
            }
        });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        try {
            close();
        } catch (Throwable failure) {
            EndpointFailures.report("onClose", failure);
        }
    }

    private void close() {
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
        EndpointFailures.report("onError", failure);
    }
}
