package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.ClientFrames;
import org.safehouse.testing.FakeClient;
import org.safehouse.testing.RecordingConnection;

/** What the core reports through the {@link ChatMetrics} port, driven without any server. */
class ChatMetricsTest {
    final Recording metrics = new Recording();
    final ChatHarness harness = ChatHarness.with("{\"rooms\":[{\"name\":\"vault\",\"password\":\"right one\"}],"
            + "\"limits\":{\"wrong_password_burst_per_address\":1,\"message_burst\":3}}").metrics(metrics).start();
    final ChatServer server = harness.server();

    static final class Recording implements ChatMetrics {
        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void connectionOpened(boolean legacy) {
            events.add("opened " + (legacy ? "ragnarok" : "chat"));
        }

        @Override
        public synchronized void connectionClosed(boolean legacy) {
            events.add("closed " + (legacy ? "ragnarok" : "chat"));
        }

        @Override
        public synchronized void joined(boolean legacy) {
            events.add("joined");
        }

        @Override
        public synchronized void joinRefused(ErrorCode reason) {
            events.add("refused " + reason.wireName());
        }

        @Override
        public synchronized void messageIn() {
            events.add("in");
        }

        @Override
        public synchronized void rateLimited() {
            events.add("rate_limited");
        }

        @Override
        public synchronized void passwordThrottled() {
            events.add("throttled");
        }

        @Override
        public synchronized void passwordCheckQueued() {
            events.add("check queued");
        }

        @Override
        public synchronized void passwordCheckStarted(long waitNanos) {
            assertTrue(waitNanos >= 0);
            events.add("check started");
        }

        @Override
        public synchronized void passwordCheckFinished(long tookNanos) {
            assertTrue(tookNanos >= 0);
            events.add("check finished");
        }

        synchronized List<String> take() {
            List<String> taken = List.copyOf(events);
            events.clear();
            return taken;
        }
    }

    private FakeClient open(boolean legacy) {
        return harness.open("10.0.0.1", legacy);
    }

    private static String join(String room, String password) {
        return ClientFrames.join(room, "ann", password);
    }

    @Test
    void joinsRefusalsByReasonAndPasswordChecksAreReported() {
        FakeClient client = open(false);
        assertEquals(List.of("opened chat"), metrics.take());
        client.send(join("vault", "wrong"));
        assertEquals(List.of("in", "check queued", "check started", "check finished", "refused wrong_password"),
                metrics.take());
        client.send(join("vault", "wrong again"));
        assertEquals(List.of("in", "throttled", "refused throttled"), metrics.take(),
                "a throttled attempt never reaches the hasher");
        client.send(join("lobby", null));
        assertEquals(List.of("in", "joined"), metrics.take());
        client.close();
        client.close();
        assertEquals(List.of("closed chat"), metrics.take(), "once per connection");
    }

    @Test
    void ragnarokHandshakesAndRateLimitsAreReported() {
        FakeClient legacy = open(true);
        legacy.send("any password");
        legacy.send("bob");
        assertEquals(List.of("opened ragnarok", "in", "in", "joined"), metrics.take());
        FakeClient chat = open(false);
        metrics.take();
        for (int i = 0; i < 4; i++) {
            chat.send("{\"msgType\":\"Ping\",\"token\":\"t\"}");
        }
        assertEquals(List.of("in", "in", "in", "in", "rate_limited"), metrics.take());
    }

    @Test
    void historyBytesAndRoomsAreCountedForGauges() {
        assertEquals(2, server.roomCount());
        FakeClient client = open(false);
        client.send(join("lobby", null));
        long before = server.historyBytes();
        RecordingConnection connection = client.connection();
        connection.take();
        client.send("{\"msgType\":\"Broadcast\",\"room\":\"lobby\",\"text\":\"hello there\"}");
        String delivered = connection.take().stream().filter(f -> f.contains("hello there")).findFirst().orElseThrow();
        // A stored message counts as the bytes it was delivered as, plus the fixed overhead of holding it.
        assertEquals(before + delivered.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + RoomHistory.OVERHEAD_BYTES, server.historyBytes());
    }
}
