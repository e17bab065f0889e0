package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.SealedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * The cluster's {@link MessageLog}: a room's messages are numbered and kept by the {@link RoomLogBus} (Redis), and
 * every node's mirror of the room (its {@link RoomHistory}) is fed from the bus in the cluster's order, on the bus's
 * one listener thread: under the room's monitor, the message is appended to the mirror and published to this node's
 * subscribers through the local {@link Broker}, so a join (which takes the same monitor) sees each message either in
 * its history or live, never both nor neither. Every publish goes through the bus too, so all nodes see one order.
 *
 * <p>The sender's {@link MessageLog.Appended} waits in {@link #pending} (at most {@value #MAX_PENDING_APPENDS}; beyond
 * that a Broadcast is refused with {@code server_busy}) until its own message comes back from the bus: the echo to
 * this node's members comes before the Ack, as on one node. A resend, or a Redis failure, is answered from the
 * bus's outcome instead; when this node loses Redis ({@link #failPending}) every waiting sender is refused, since its
 * message may never come back. Ids of private messages and bans stay this node's snowflakes ({@link #nextId}).
 * Thread-safe.
 */
final class ClusteredMessageLog implements MessageLog, RoomLogBus.Listener {
    private static final System.Logger LOG = System.getLogger(ClusteredMessageLog.class.getName());
    /** Sends waiting for their message to come back from Redis, at most. */
    static final int MAX_PENDING_APPENDS = 10_000;
    static final long CLUSTER_BUSY_RETRY_MILLIS = 2_000;
    /** The id a numbered frame is encoded with before the bus puts the real one in its place. */
    private static final String ID_PLACEHOLDER = "\"id\":\"" + Long.MAX_VALUE + "\"";

    private record Waiting(String roomName, String sender, String text, Optional<SealedBody> sealed,
                           MessageLog.Appended done) {
    }

    private final RoomLogBus bus;
    private final Snowflakes ids;
    private final Clock clock;
    private final Broker broker;
    private final JsonCodec codec;
    private final String originPrefix;
    private final AtomicLong sends = new AtomicLong();
    private final Map<String, Waiting> pending = new ConcurrentHashMap<>();
    private volatile Function<String, Room> rooms = key -> null;

    /** @param nodeId this node's id in the cluster, which makes the tokens of its sends unique */
    ClusteredMessageLog(RoomLogBus bus, Snowflakes ids, Clock clock, Broker broker, JsonCodec codec, String nodeId) {
        this.bus = bus;
        this.ids = ids;
        this.clock = clock;
        this.broker = broker;
        this.codec = codec;
        this.originPrefix = nodeId + "/";
        bus.listen(this);
    }

    /** Where messages heard from the bus find their room; until then they are only passed on to waiting senders. */
    void attach(Function<String, Room> roomsByKey) {
        this.rooms = roomsByKey;
    }

    @Override
    public long nextId() {
        return ids.next();
    }

    @Override
    public void append(Room room, String sender, String text, Optional<SealedBody> sealed,
                       Optional<String> clientKey, Appended done) {
        if (pending.size() >= MAX_PENDING_APPENDS) {
            done.failed(busy(room.name()));
            return;
        }
        String origin = originPrefix + sends.incrementAndGet();
        pending.put(origin, new Waiting(room.name(), sender, text, sealed, done));
        bus.append(new RoomLogBus.Posted(room.key(), room.topic(), clock.millis(), sender, text, sealed, clientKey,
                origin, room.history().maxMessages(), room.history().maxAgeMillis()), new RoomLogBus.AppendOutcome() {
                    @Override
                    public void duplicate(long id, long timestamp) {
                        Waiting waiting = pending.remove(origin);
                        if (waiting != null) {
                            waiting.done().resent(new ServerFrame.Broadcast(id, room.name(), timestamp, sender, text,
                                    sealed));
                        }
                    }

                    @Override
                    public void failed(String reason) {
                        LOG.log(Level.WARNING, "cluster: a room message was not kept: {0}", reason);
                        Waiting waiting = pending.remove(origin);
                        if (waiting != null) {
                            waiting.done().failed(busy(room.name()));
                        }
                    }
                });
    }

    @Override
    public void publishNumbered(Room room, LongFunction<ServerFrame> frame) {
        String encoded = codec.encode(frame.apply(Long.MAX_VALUE));
        int at = encoded.indexOf(ID_PLACEHOLDER);
        if (at < 0 || encoded.indexOf(ID_PLACEHOLDER, at + 1) >= 0) {
            throw new IllegalStateException("a numbered frame must carry its id once, as a string");
        }
        int digits = at + "\"id\":\"".length();
        bus.publishNumbered(room.topic(), encoded.substring(0, digits),
                encoded.substring(digits + Long.toString(Long.MAX_VALUE).length()));
    }

    @Override
    public void publish(String topic, ServerFrame frame) {
        bus.publish(topic, codec.encode(frame));
    }

    @Override
    public void subscribe(String topic, Subscriber subscriber) {
        broker.subscribe(topic, subscriber);
    }

    @Override
    public void unsubscribe(String topic, Subscriber subscriber) {
        broker.unsubscribe(topic, subscriber);
    }

    /** On the bus's thread: mirror and deliver a room's message, then answer its sender if it was sent here. */
    @Override
    public void message(RoomLogBus.Message heard) {
        Room room = rooms.apply(heard.roomKey());
        if (room != null) {
            synchronized (room) {
                if (heard.id() > room.history().newestId()) { // a re-sync may have brought it already
                    ServerFrame.Broadcast message = new ServerFrame.Broadcast(heard.id(), room.name(),
                            heard.timestamp(), heard.sender(), heard.text(), heard.sealed());
                    OutboundFrame encoded = OutboundFrame.of(codec.encode(message));
                    room.history().append(message, heard.clientKey(), encoded.utf8Bytes());
                    broker.publish(room.topic(), encoded);
                }
            }
        }
        Waiting waiting = pending.remove(heard.origin());
        if (waiting != null) {
            waiting.done().appended(new ServerFrame.Broadcast(heard.id(), waiting.roomName(), heard.timestamp(),
                    waiting.sender(), waiting.text(), waiting.sealed()));
        }
    }

    /** On the bus's thread: an encoded frame for this node's subscribers of the topic. */
    @Override
    public void frame(String topic, String encodedFrame) {
        broker.publish(topic, OutboundFrame.of(encodedFrame));
    }

    /** This node lost Redis: no waiting send will come back, so each is refused ({@code server_busy}). */
    void failPending() {
        for (String origin : List.copyOf(pending.keySet())) {
            Waiting waiting = pending.remove(origin);
            if (waiting != null) {
                waiting.done().failed(busy(waiting.roomName()));
            }
        }
    }

    /**
     * Brings a room's mirror in step with what the cluster kept (after this node missed messages while Redis was
     * lost): blocking on the store, so never under a lock; then the window is rebuilt under the room's monitor.
     */
    void resync(Room room, HistoryStore store) {
        Optional<HistoryStore.StoredRoom> stored = store.load(room.key());
        if (stored.isEmpty()) {
            return;
        }
        synchronized (room) {
            room.history().replaceWith(stored.get().messages(), stored.get().evictedThrough(), room.name());
        }
        room.history().reclaimBudget();
    }

    private static ChatError busy(String roomName) {
        return new ChatError(ErrorCode.SERVER_BUSY, "the cluster could not keep the message; try again shortly",
                Optional.of(roomName), CLUSTER_BUSY_RETRY_MILLIS, List.of());
    }
}
