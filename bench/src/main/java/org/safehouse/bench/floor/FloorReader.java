package org.safehouse.bench.floor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor's receiving side, in the generator: {@code clients} loopback connections to the writer, all read by one
 * selector thread (so the receiving CPU is the generator's, as in the real scenarios). Frames all have the writer's
 * fixed length, so the reader needs no parsing: it counts bytes per connection, looks at each frame's kind letter
 * ({@code 'b'} measured, {@code 'w'} warm-up) and checks that each frame ends with {@code '}'} where the count says
 * it ends (a frame that does not is counted as misaligned). A frame counts as delivered when its last byte arrives.
 *
 * <p>Counters are written by the reader thread only; {@link #measuredSoFar()} may be read at any time, the others
 * after {@link #close()} (which joins the thread).
 */
final class FloorReader implements Runnable, AutoCloseable {
    private final Selector selector;
    private final List<SocketChannel> channels = new ArrayList<>();
    private final int frameBytes;
    private final int kindOffset;
    private final Thread thread;
    private final AtomicLong measuredPublished = new AtomicLong();
    private volatile boolean running = true;
    private long measured;
    private long warm;
    private long misaligned;
    private long closed;
    private long lastMeasuredNanos;
    private String failure;

    /** Where one connection's byte stream is: the stream offsets of the next kind letter and the next frame end. */
    private static final class Stream {
        long received;
        long nextKind;
        long nextEnd;
        byte kind;
    }

    /** Opens the connections (blocking connects, one after the other) and registers them; reads once started. */
    FloorReader(int port, int clients, int frameBytes, int kindOffset) throws IOException {
        this.frameBytes = frameBytes;
        this.kindOffset = kindOffset;
        this.selector = Selector.open();
        InetSocketAddress writer = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            for (int i = 0; i < clients; i++) {
                SocketChannel channel = SocketChannel.open(writer);
                channels.add(channel);
                channel.configureBlocking(false);
                Stream stream = new Stream();
                stream.nextKind = kindOffset;
                stream.nextEnd = frameBytes - 1;
                channel.register(selector, SelectionKey.OP_READ, stream);
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw e;
        }
        this.thread = new Thread(this, "bench-floor-reader");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long threadId() {
        return thread.getId();
    }

    long measuredSoFar() {
        return measuredPublished.get();
    }

    @Override
    public void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    buffer.clear();
                    SocketChannel channel = (SocketChannel) key.channel();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        closed++;
                        key.cancel();
                        channel.close();
                    } else if (read > 0) {
                        scan((Stream) key.attachment(), buffer, read);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            failure = String.valueOf(e);
        }
    }

    /** Walks the kind letters and frame ends that fall in the {@code read} bytes just read into {@code buffer}. */
    private void scan(Stream stream, ByteBuffer buffer, int read) {
        long from = stream.received;
        long to = from + read;
        while (true) {
            if (stream.nextKind < stream.nextEnd) {
                if (stream.nextKind >= to) {
                    break;
                }
                stream.kind = buffer.get((int) (stream.nextKind - from));
                stream.nextKind += frameBytes;
            } else {
                if (stream.nextEnd >= to) {
                    break;
                }
                if (buffer.get((int) (stream.nextEnd - from)) != '}') {
                    misaligned++;
                } else if (stream.kind == 'b') {
                    measured++;
                    measuredPublished.lazySet(measured);
                    lastMeasuredNanos = System.nanoTime();
                } else if (stream.kind == 'w') {
                    warm++;
                } else {
                    misaligned++;
                }
                stream.nextEnd += frameBytes;
            }
        }
        stream.received = to;
    }

    long measured() {
        return measured;
    }

    long warm() {
        return warm;
    }

    long misaligned() {
        return misaligned;
    }

    /** Connections the writer closed while the reader ran. */
    long closedByWriter() {
        return closed;
    }

    long lastMeasuredNanos() {
        return lastMeasuredNanos;
    }

    /** What stopped the reader thread early, or null. */
    String failure() {
        return failure;
    }

    /** Stops the reader thread (waits for it, at most 5 s) and closes every connection. */
    @Override
    public void close() throws IOException {
        if (!selector.isOpen()) {
            return;
        }
        running = false;
        selector.wakeup();
        if (thread.isAlive()) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeChannels();
    }

    private void closeChannels() throws IOException {
        for (SocketChannel channel : channels) {
            channel.close();
        }
        selector.close();
    }
}
