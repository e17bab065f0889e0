package org.safehouse.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A client that stops reading, on any server: the moment its queue overflows it must leave its room (its neighbours
 * see it gone within 2 s, not after the ~35 s a polite close behind its backlog took) and its socket must be
 * aborted, not closed politely behind megabytes it will never read. The server's config must allow a fast sender
 * (messages_per_second and message_burst in the thousands).
 */
public final class SlowConsumerScenario {
    private static final int MAX_MESSAGES = 6000; // 24 MB: far more than loopback TCP buffers and the queue hold
    private static final String EVICTED = "evicting a connection (4002";

    private SlowConsumerScenario() {
    }

    /** Evictions logged so far (a log may hold each line more than once, e.g. the output and a log file). */
    private static int evictions(String log) {
        int count = 0;
        for (int at = log.indexOf(EVICTED); at >= 0; at = log.indexOf(EVICTED, at + EVICTED.length())) {
            count++;
        }
        return count;
    }

    static boolean slothLeft(JsonObject frame) {
        return "Presence".equals(WsTestClient.type(frame))
                && frame.getJsonArray("left").getValuesAs(JsonString::getString).contains("sloth");
    }

    /**
     * @param chat      the server's /chat URI
     * @param serverLog what the server has logged so far (it logs each eviction)
     * @return milliseconds between the eviction and the neighbours seeing the client leave
     */
    public static long run(URI chat, Supplier<String> serverLog, String room) {
        return run(chat, serverLog, room, false);
    }

    /**
     * As {@link #run(URI, Supplier, String)}. {@code closeFrameMayFit}: the container writes a close frame if the
     * socket takes it at once and then closes the socket without waiting (Tomcat's {@code doClose} with a 250 ms
     * send timeout), so the client may read 4002 at the end of what the kernel already held; it must still come
     * within seconds, not after the ~35 s a polite close behind the queued backlog took.
     */
    public static long run(URI chat, Supplier<String> serverLog, String room, boolean closeFrameMayFit) {
        int evictionsBefore = evictions(serverLog.get()); // a server shared with earlier tests may have logged some
        try (WsTestClient talker = WsTestClient.connect(chat);
             WsTestClient watcher = WsTestClient.connect(chat);
             WsTestClient sloth = WsTestClient.connect(chat)) {
            talker.joinAndWait(room, "talker", null);
            watcher.joinAndWait(room, "watcher", null);
            sloth.joinAndWait(room, "sloth", null);
            watcher.awaitMembers(room, List.of("talker", "watcher"), Set.of("talker", "watcher", "sloth"));
            sloth.stopReading();

            String padding = "x".repeat(4000);
            long evictedAt = 0;
            long leftAt = 0;
            for (int i = 0; i < MAX_MESSAGES && evictedAt == 0; i++) {
                talker.broadcast(room, padding);
                JsonObject frame = watcher.await(f -> "Broadcast".equals(WsTestClient.type(f)) || slothLeft(f));
                if (slothLeft(frame)) {
                    leftAt = System.nanoTime();
                    watcher.awaitType("Broadcast");
                }
                if (evictions(serverLog.get()) > evictionsBefore) {
                    evictedAt = System.nanoTime();
                }
            }
            if (evictedAt == 0) {
                throw new AssertionError("the server did not evict the client that stopped reading");
            }
            if (leftAt == 0) {
                watcher.await(SlowConsumerScenario::slothLeft, Duration.ofSeconds(10));
                leftAt = System.nanoTime();
            }
            long millis = Math.max(0, (leftAt - evictedAt) / 1_000_000);
            if (millis >= 2000) {
                throw new AssertionError("seen gone " + millis + " ms after the overflow, not within 2 s");
            }
            // Aborted: reading again, it finds its connection gone, without the polite 4002 behind the backlog.
            sloth.resumeReading();
            int code = sloth.awaitClose(Duration.ofSeconds(10));
            if (code == 4002 && !closeFrameMayFit) {
                throw new AssertionError("closed politely (4002) behind its backlog instead of aborted");
            }
            talker.broadcast(room, "still here");
            watcher.await(f -> "Broadcast".equals(WsTestClient.type(f)) && "still here".equals(f.getString("text")));
            return millis;
        }
    }
}
