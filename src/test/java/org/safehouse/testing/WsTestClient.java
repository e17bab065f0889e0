package org.safehouse.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client for tests (the JDK's java.net.http), over loopback. Collects text frames; waits on
 * conditions with deadlines, never sleeps. {@link #stopReading()} stops asking for frames, so the server's sends back
 * up in TCP like a client that never reads.
 */
public final class WsTestClient implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final List<String> seen = new ArrayList<>();
    private volatile boolean reading = true;
    private final WebSocket socket;

    private WsTestClient(URI uri, String origin, HttpClient http) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
        if (origin != null) {
            builder.header("Origin", origin);
        }
        socket = builder.buildAsync(uri, new Listener()).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public static WsTestClient connect(URI uri) {
        return new WsTestClient(uri, null, HTTP);
    }

    public static WsTestClient connect(URI uri, String origin) {
        return new WsTestClient(uri, origin, HTTP);
    }

    /**
     * Connects through {@code http}, e.g. one built with an SSLContext that trusts a test certificate for wss://.
     *
     * @param origin the Origin header to send, or null for none
     */
    public static WsTestClient connect(URI uri, String origin, HttpClient http) {
        return new WsTestClient(uri, origin, http);
    }

    public WsTestClient send(String text) {
        socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    /**
     * Sends one text message as several WebSocket frames, a text frame and continuation frames, one per part.
     *
     * @param finished whether the last part ends the message (false leaves it unfinished)
     */
    public WsTestClient sendFragments(List<String> parts, boolean finished) {
        for (int i = 0; i < parts.size(); i++) {
            boolean last = finished && i == parts.size() - 1;
            socket.sendText(parts.get(i), last).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        }
        return this;
    }

    /** Sends one binary message (Safehouse speaks text frames only). */
    public WsTestClient sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
        return this;
    }

    /** Sends a Join frame of protocol version 1. */
    public WsTestClient join(String room, String nick, String password) {
        return send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", room)
                .add("nick", nick).add("password", password == null ? jakarta.json.JsonValue.NULL
                        : Json.createValue(password)).build().toString());
    }

    /** Joins and waits for the Joined frame of that room. */
    public JsonObject joinAndWait(String room, String nick, String password) {
        join(room, nick, password);
        return await(f -> "Joined".equals(type(f)) && room.equals(f.getString("room", null)));
    }

    public WsTestClient broadcast(String room, String text) {
        return send(Json.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text)
                .build().toString());
    }

    public WsTestClient privateMessage(String room, String target, String text) {
        return send(Json.createObjectBuilder().add("msgType", "PrivateMessage").add("room", room)
                .add("TgtUser", target).add("text", text).build().toString());
    }

    /** The next JSON frame matching, skipping (and remembering) others. */
    public JsonObject await(Predicate<JsonObject> matching) {
        return await(matching, WAIT);
    }

    public JsonObject await(Predicate<JsonObject> matching, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String text;
            try {
                text = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            if (text == null) {
                throw new AssertionError("no matching frame within " + wait + "; frames seen: " + tail());
            }
            synchronized (seen) {
                seen.add(text);
            }
            JsonObject frame = parse(text);
            if (frame != null && matching.test(frame)) {
                return frame;
            }
        }
    }

    /**
     * Applies the room's Presence frames to {@code members} as a client does (add every {@code joined}, remove every
     * {@code left}) until the list equals {@code expected}, waiting with the usual deadline. @return the list.
     */
    public Set<String> awaitMembers(String room, Collection<String> members, Collection<String> expected) {
        return awaitMembers(Map.of(room, members), Map.of(room, expected)).get(room);
    }

    /** {@link #awaitMembers(String, Collection, Collection)} for several rooms at once (frames of each interleave). */
    public Map<String, Set<String>> awaitMembers(Map<String, ? extends Collection<String>> members,
                                                 Map<String, ? extends Collection<String>> expected) {
        Map<String, Set<String>> current = new TreeMap<>();
        members.forEach((room, names) -> current.put(room, new TreeSet<>(names)));
        Map<String, Set<String>> wanted = new TreeMap<>();
        expected.forEach((room, names) -> wanted.put(room, new TreeSet<>(names)));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!current.equals(wanted)) {
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            JsonObject presence;
            try {
                presence = await(f -> "Presence".equals(type(f)) && current.containsKey(f.getString("room", "")),
                        left);
            } catch (AssertionError e) {
                throw new AssertionError("members are " + current + ", expected " + wanted, e);
            }
            Set<String> list = current.get(presence.getString("room"));
            presence.getJsonArray("joined").getValuesAs(JsonString::getString).forEach(list::add);
            presence.getJsonArray("left").getValuesAs(JsonString::getString).forEach(list::remove);
        }
        return current;
    }

    /** The next frame of a type. */
    public JsonObject awaitType(String msgType) {
        return await(f -> msgType.equals(type(f)));
    }

    /** The next Error frame, which must carry this code. */
    public JsonObject awaitError(String code) {
        JsonObject error = awaitType("Error");
        if (!code.equals(error.getString("code", null))) {
            throw new AssertionError("expected error " + code + " but got " + error);
        }
        return error;
    }

    /** Raw text of the next frame, whatever it is. */
    public String nextRaw() {
        try {
            String text = frames.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no frame within " + WAIT);
            }
            synchronized (seen) {
                seen.add(text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /**
     * Consumes frames without remembering them until {@code count} raw texts have matched (a flood whose frames the
     * test need not keep: remembering megabytes would only fill the test's own heap).
     */
    public void discardUntil(Predicate<String> matching, int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        int matched = 0;
        while (matched < count) {
            String text;
            try {
                text = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
            if (text == null) {
                throw new AssertionError(matched + " of " + count + " frames within " + wait + "; closed: "
                        + isClosed());
            }
            if (matching.test(text)) {
                matched++;
            }
        }
    }

    /** Frames received and not yet consumed, right now, without waiting. */
    public List<String> drainNow() {
        List<String> out = new ArrayList<>();
        frames.drainTo(out);
        return out;
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        return awaitClose(WAIT);
    }

    public int awaitClose(Duration wait) {
        try {
            return closeCode.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("connection not closed within " + wait + "; frames seen: " + tail(), e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Stop reading: the server's frames pile up in TCP buffers, as with a client that never reads. */
    public void stopReading() {
        reading = false;
    }

    /** Reads again after {@link #stopReading()}, so frames (and a close frame) stuck behind the backlog arrive. */
    public void resumeReading() {
        reading = true;
        socket.request(1);
    }

    /** Sends a Ping frame with a token and waits for the Pong carrying it: proof the connection still works. */
    public JsonObject pingPong(String token) {
        send(Json.createObjectBuilder().add("msgType", "Ping").add("token", token).build().toString());
        return await(f -> "Pong".equals(type(f)) && token.equals(f.getString("token", null)));
    }

    public static String type(JsonObject frame) {
        return frame.getString("msgType", null);
    }

    public static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String tail() {
        synchronized (seen) {
            int from = Math.max(0, seen.size() - 5);
            return seen.subList(from, seen.size()).toString();
        }
    }

    @Override
    public void close() {
        if (!closeCode.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).join();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }
}
