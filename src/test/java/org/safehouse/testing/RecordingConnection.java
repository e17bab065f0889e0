package org.safehouse.testing;

import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.safehouse.core.ClientConnection;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.WsTestClient;

/** A fake connection that records every frame it is given and how it was closed. */
public final class RecordingConnection implements ClientConnection, Subscriber {
    private final String address;
    private final List<String> frames = new ArrayList<>();
    private CloseCode closedWith;

    public RecordingConnection(String address) {
        this.address = address;
    }

    @Override
    public synchronized void send(OutboundFrame frame) {
        frames.add(frame.text());
        notifyAll();
    }

    @Override
    public synchronized void deliver(OutboundFrame frame) {
        frames.add(frame.text());
        notifyAll();
    }

    @Override
    public Subscriber subscriber() {
        return this;
    }

    @Override
    public synchronized void close(CloseCode code) {
        if (closedWith == null) {
            closedWith = code;
        }
    }

    @Override
    public String remoteAddress() {
        return address;
    }

    public synchronized CloseCode closedWith() {
        return closedWith;
    }

    /** Takes every frame recorded so far, as text. */
    public synchronized List<String> take() {
        List<String> taken = new ArrayList<>(frames);
        frames.clear();
        return taken;
    }

    /** Takes every frame recorded so far, parsed. */
    public List<JsonObject> takeJson() {
        return take().stream().map(WsTestClient::parse).collect(Collectors.toList());
    }

    /**
     * Takes frames into {@code seen} as they arrive (from any thread, e.g. a store's writer) until one matches;
     * fails after 10 s, showing what came instead.
     */
    public JsonObject awaitJson(Predicate<JsonObject> wanted, List<JsonObject> seen) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            seen.addAll(takeJson());
            for (JsonObject frame : seen) {
                if (wanted.test(frame)) {
                    return frame;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no such frame within 10 s; frames: " + seen);
            }
            synchronized (this) {
                if (frames.isEmpty()) {
                    wait(Math.max(1, left / 1_000_000));
                }
            }
        }
    }
}
