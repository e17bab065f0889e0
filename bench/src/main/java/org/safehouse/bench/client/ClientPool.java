package org.safehouse.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The generator's connections: one Netty event-loop group (epoll when available) of a few threads carries every
 * client, each bound to the next loopback source address. Given several servers (the nodes of a cluster), client
 * {@code i} connects to server {@code i mod n}, so a room's members are spread evenly over the nodes. No Origin header is sent (scripts are not browsers,
 * docs/PROTOCOL.md), frames are not UTF-8-validated (the generator reads only its own ASCII texts), and continuation
 * frames are merged.
 */
public final class ClientPool implements AutoCloseable {
    private final List<URI> uris;
    private final List<InetSocketAddress> remotes = new ArrayList<>();
    private final SourceAddresses sources;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final boolean epoll;
    private final EventLoop[] loops;
    private final Map<EventExecutor, Integer> loopIndexes = new IdentityHashMap<>();
    private final int maxFrameBytes;

    public ClientPool(URI uri, int threads, SourceAddresses sources, int maxFrameBytes) {
        this(List.of(uri), threads, sources, maxFrameBytes);
    }

    /** Connects client {@code i} to {@code uris.get(i % uris.size())}. */
    public ClientPool(List<URI> uris, int threads, SourceAddresses sources, int maxFrameBytes) {
        this.uris = List.copyOf(uris);
        for (URI uri : this.uris) {
            InetSocketAddress remote = new InetSocketAddress(uri.getHost(), uri.getPort());
            if (!remote.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("the generator only targets loopback addresses, not " + remote);
            }
            remotes.add(remote);
        }
        this.sources = sources;
        this.maxFrameBytes = maxFrameBytes;
        this.epoll = Epoll.isAvailable();
        ThreadFactory factory = new LoopThreadFactory();
        this.group = epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
        List<EventLoop> list = new ArrayList<>();
        for (EventExecutor executor : group) {
            loopIndexes.put(executor, list.size());
            list.add((EventLoop) executor);
        }
        this.loops = list.toArray(new EventLoop[0]);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
        if (epoll) {
            // Lets several connections share a local port with different remote ends; the source-address spread
            // still matters for the server's per-address limits.
            bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
    }

    public boolean usesEpoll() {
        return epoll;
    }

    public int loopCount() {
        return loops.length;
    }

    public EventLoop loop(int index) {
        return loops[index];
    }

    /** Starts connecting; completion (or failure) shows on {@code connection.joined()}. Any thread. */
    public void connect(ClientConnection connection) {
        long start = System.nanoTime();
        InetSocketAddress local = sources.next();
        int server = Math.floorMod(connection.index(), uris.size());
        URI uri = uris.get(server);
        InetSocketAddress remote = remotes.get(server);
        Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                connection.attach(channel, loopIndexes.get(channel.eventLoop()), start);
                ChannelPipeline pipeline = channel.pipeline();
                pipeline.addLast(new HttpClientCodec(4096, 8192, 8192));
                pipeline.addLast(new HttpObjectAggregator(65536));
                pipeline.addLast(new WebSocketClientProtocolHandler(protocolConfig(
                        connection.isRagnarok() ? uri.resolve("ragnarok") : uri)));
                pipeline.addLast(new WebSocketFrameAggregator(maxFrameBytes));
                pipeline.addLast(connection);
            }
        });
        ChannelFuture future = local == null ? b.connect(remote) : b.connect(remote, local);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                connection.connectFailed(f.cause());
            }
        });
    }

    private WebSocketClientProtocolConfig protocolConfig(URI endpoint) {
        return WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(endpoint)
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(maxFrameBytes)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(30_000)
                .generateOriginHeader(false)
                .withUTF8Validator(false)
                .build();
    }

    /**
     * Runs {@code task} on every event loop and waits for all (bounded): afterwards, whatever the loops wrote before
     * is visible to the caller.
     */
    public void onEveryLoop(Runnable task) {
        List<Future<?>> futures = new ArrayList<>();
        for (EventLoop loop : loops) {
            futures.add(loop.submit(task));
        }
        for (Future<?> future : futures) {
            if (!future.awaitUninterruptibly(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("an event loop did not answer within 30 s");
            }
        }
    }

    /** Closes the given connections and waits (at most {@code timeoutMillis}) for their channels to close. */
    public static void closeAll(List<ClientConnection> connections, long timeoutMillis) {
        for (ClientConnection connection : connections) {
            connection.close();
        }
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (ClientConnection connection : connections) {
            Channel channel = connection.channel();
            if (channel == null) {
                continue;
            }
            long left = deadline - System.currentTimeMillis();
            if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(left)) {
                channel.close();
            }
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Names the loop threads so the generator's CPU report can find them. */
    private static final class LoopThreadFactory implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();
        private final ThreadFactory delegate = new io.netty.util.concurrent.DefaultThreadFactory("bench-loop", true);

        @Override
        public Thread newThread(Runnable runnable) {
            Thread thread = delegate.newThread(runnable);
            thread.setName("bench-loop-" + count.getAndIncrement());
            return thread;
        }
    }
}
