package org.safehouse.bench.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.concurrent.CompletableFuture;

/**
 * One client of the {@code /chat} endpoint: on Hello it sends its Join, then hands every frame to the scenario's
 * {@link ConnectionListener}. It is also the last handler of its channel's pipeline.
 *
 * <p>Thread-safety: all fields but the volatile ones are touched only by the channel's event-loop thread.
 * {@link #joined()} completes once, on that thread: normally with this connection, exceptionally with a
 * {@link JoinFailure}.
 */
public final class ClientConnection extends ChannelInboundHandlerAdapter {
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[64 * 1024];
        }
    };
    private static final FastThreadLocal<MessageText> TEXT = new FastThreadLocal<>() {
        @Override
        protected MessageText initialValue() {
            return new MessageText();
        }
    };

    private final int index;
    private final String room;
    private final String nick;
    private final ConnectionListener listener;
    /** The room password to present, or null. */
    private final String password;
    /** A Ragnarok client of {@code /ragnarok}: password and nickname as its first two frames; joined on OnlineUsers. */
    private final boolean ragnarok;
    private final CompletableFuture<ClientConnection> joined = new CompletableFuture<>();
    private Channel channel;
    private int loopIndex = -1;
    private boolean closingByUs;
    private boolean flushAfterRead;
    private volatile int closeCode;
    private volatile long joinedNanos;
    private long connectStartNanos;
    /** Per-connection state of the scenario that owns this connection (trackers, member lists). */
    public Object scenarioState;

    public ClientConnection(int index, String room, String nick, ConnectionListener listener) {
        this(index, room, nick, listener, null, false);
    }

    /** With a room password; {@code ragnarok} for a client of {@code /ragnarok} (its room is the default room). */
    public ClientConnection(int index, String room, String nick, ConnectionListener listener, String password,
            boolean ragnarok) {
        this.index = index;
        this.room = room;
        this.nick = nick;
        this.listener = listener;
        this.password = password;
        this.ragnarok = ragnarok;
    }

    public boolean isRagnarok() {
        return ragnarok;
    }

    public int index() {
        return index;
    }

    public String room() {
        return room;
    }

    public String nick() {
        return nick;
    }

    public Channel channel() {
        return channel;
    }

    /** Index of the event loop this connection runs on, 0..loops-1 (for per-loop counters). */
    public int loopIndex() {
        return loopIndex;
    }

    public CompletableFuture<ClientConnection> joined() {
        return joined;
    }

    /** 0 while open; else the close code (1006 when the TCP connection ended without a close frame). */
    public int closeCode() {
        return closeCode;
    }

    public boolean isOpen() {
        return closeCode == 0 && channel != null && channel.isActive();
    }

    public long connectStartNanos() {
        return connectStartNanos;
    }

    /** System.nanoTime() when Joined arrived, 0 before. */
    public long joinedNanos() {
        return joinedNanos;
    }

    void attach(Channel channel, int loopIndex, long connectStartNanos) {
        this.channel = channel;
        this.loopIndex = loopIndex;
        this.connectStartNanos = connectStartNanos;
    }

    void connectFailed(Throwable cause) {
        closeCode = 1006;
        joined.completeExceptionally(new JoinFailure("connect: " + cause.getClass().getSimpleName()));
    }

    /** Queues a text frame without flushing; call on the event loop. The buffer is released by Netty. */
    public void write(ByteBuf utf8Json) {
        channel.write(new TextWebSocketFrame(utf8Json), channel.voidPromise());
    }

    public void flush() {
        channel.flush();
    }

    /**
     * Queues a text frame to be flushed when the current read batch is over: one syscall for all the answers a
     * batch of incoming frames triggers. Call only from within a listener callback.
     */
    public void writeAfterRead(ByteBuf utf8Json) {
        channel.write(new TextWebSocketFrame(utf8Json), channel.voidPromise());
        flushAfterRead = true;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (flushAfterRead) {
            flushAfterRead = false;
            ctx.flush();
        }
        super.channelReadComplete(ctx);
    }

    public void writeAndFlush(ByteBuf utf8Json) {
        channel.writeAndFlush(new TextWebSocketFrame(utf8Json), channel.voidPromise());
    }

    /** Sends a normal close (1000) and closes; safe from any thread. */
    public void close() {
        Channel c = channel;
        if (c == null) {
            return;
        }
        c.eventLoop().execute(() -> {
            closingByUs = true;
            if (c.isActive()) {
                c.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            joined.completeExceptionally(new JoinFailure("handshake timeout"));
            ctx.close();
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && ragnarok) {
            // Ragnarok sends both frames at once, without waiting for an answer.
            channel.write(new TextWebSocketFrame(password == null ? "" : password), channel.voidPromise());
            channel.writeAndFlush(new TextWebSocketFrame(nick), channel.voidPromise());
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (message instanceof TextWebSocketFrame) {
                onText(((TextWebSocketFrame) message).content());
            } else if (message instanceof CloseWebSocketFrame) {
                int code = ((CloseWebSocketFrame) message).statusCode();
                closeCode = code > 0 ? code : 1005;
                ctx.close();
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    private void onText(ByteBuf content) {
        long now = System.nanoTime();
        int length = content.readableBytes();
        byte[] bytes = SCRATCH.get();
        if (bytes.length < length) {
            bytes = new byte[Math.max(length, bytes.length * 2)];
            SCRATCH.set(bytes);
        }
        content.getBytes(content.readerIndex(), bytes, 0, length);
        FrameType type = FrameScanner.type(bytes, length);
        switch (type) {
            case BROADCAST:
            case PRIVATE_MESSAGE: {
                MessageText text = TEXT.get();
                if (FrameScanner.text(bytes, length, text)) {
                    boolean copy = type == FrameType.PRIVATE_MESSAGE && FrameScanner.hasTargetUser(bytes, length);
                    listener.onMessage(this, type, text, copy, now);
                } else {
                    listener.onOther(this, type, bytes, length);
                }
                break;
            }
            case PRESENCE:
                listener.onPresence(this, bytes, length);
                break;
            case HELLO:
                channel.writeAndFlush(new TextWebSocketFrame(OutgoingFrames.join(room, nick, password)),
                        channel.voidPromise());
                break;
            case ONLINE_USERS:
                if (ragnarok && !joined.isDone()) {
                    joinedNanos = now;
                    joined.complete(this);
                } else {
                    listener.onOther(this, type, bytes, length);
                }
                break;
            case JOINED:
                if (!joined.isDone()) {
                    joinedNanos = now;
                    listener.onJoined(this, bytes, length);
                    joined.complete(this);
                } else {
                    listener.onOther(this, type, bytes, length);
                }
                break;
            case ERROR: {
                String code = FrameScanner.code(bytes, length);
                listener.onError(this, code);
                if (!joined.isDone()) {
                    joined.completeExceptionally(new JoinFailure("error " + code));
                }
                break;
            }
            default:
                listener.onOther(this, type, bytes, length);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (closeCode == 0) {
            closeCode = 1006;
        }
        if (!joined.isDone()) {
            joined.completeExceptionally(new JoinFailure("closed " + closeCode + " before Joined"));
        }
        listener.onClosed(this, closeCode, closingByUs);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!joined.isDone()) {
            joined.completeExceptionally(new JoinFailure("exception: " + cause.getClass().getSimpleName()));
        }
        ctx.close();
    }
}
