package org.safehouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A WebSocket client over a plain socket, for what the JDK's client will not do: choose the local address (so a test
 * can come from 127.0.0.2, a "proxy"), and send any Host, Origin or X-Forwarded-For header. Text frames only, no
 * fragments, no TLS. Reads block with a socket timeout of {@link WsTestClient#WAIT}; never sleeps.
 */
public final class RawWebSocket implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String statusLine;

    private RawWebSocket(Socket socket, String statusLine) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.statusLine = statusLine;
    }

    /**
     * Opens a TCP connection from {@code localAddress} to {@code server} and sends an upgrade for {@code path}.
     *
     * @param headers extra headers, e.g. Host (replaces the default), Origin, X-Forwarded-For; in order
     */
    public static RawWebSocket connect(String localAddress, InetSocketAddress server, String path,
                                       Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout((int) WsTestClient.WAIT.toMillis());
        socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
        socket.connect(server, (int) WsTestClient.WAIT.toMillis());
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", server.getHostString() + ":" + server.getPort());
        all.putAll(headers);
        byte[] key = new byte[16];
        RANDOM.nextBytes(key);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\n");
        all.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(key)).append("\r\n\r\n");
        socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        String status = readResponseHead(socket);
        return new RawWebSocket(socket, status);
    }

    private static String readResponseHead(Socket socket) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        var in = socket.getInputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            byte[] bytes = head.toByteArray();
            int n = bytes.length;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
                break;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n");
        return end < 0 ? text : text.substring(0, end);
    }

    /** The response's status line, e.g. {@code HTTP/1.1 101 Switching Protocols}. */
    public String statusLine() {
        return statusLine;
    }

    public boolean upgraded() {
        return statusLine.contains(" 101 ");
    }

    public RawWebSocket send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
        return this;
    }

    /** The next text frame's payload, or null if a close frame or the end of the stream came first. */
    public String nextText() throws IOException {
        while (true) {
            Frame frame = nextFrame();
            if (frame == null || frame.opcode() == 0x8) {
                lastClose = frame;
                return null;
            }
            if (frame.opcode() == 0x1) {
                return new String(frame.payload(), StandardCharsets.UTF_8);
            }
        }
    }

    private Frame lastClose;

    /**
     * Reads until the server closes; the close code, or -1 if the stream ended without a close frame.
     *
     * @throws SocketTimeoutException if the server neither closes nor ends the stream in time
     */
    public int awaitCloseCode() throws IOException {
        Frame close = lastClose;
        while (close == null) {
            Frame frame = nextFrame();
            if (frame == null) {
                return -1;
            }
            if (frame.opcode() == 0x8) {
                close = frame;
            }
        }
        byte[] payload = close.payload();
        return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }

    private Frame nextFrame() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    private record Frame(int opcode, byte[] payload) {
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
