package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ProtocolException;
import org.safehouse.protocol.ProtocolVersion;
import org.safehouse.protocol.ServerFrame;

/**
 * The chat rules, Sans-IO: the transport hands it connections and text frames; it answers through
 * {@link ClientConnection} and publishes through the {@link Broker}.
 *
 * <h2>Threading model</h2>
 * <ul>
 *   <li><b>Container threads</b> call {@link #open}, {@link #receive} and {@link #closed}. The container never calls
 *       {@code receive} concurrently for one connection, but {@code closed} may race with it.</li>
 *   <li><b>One scheduler thread</b> (the transport's) calls {@link #tick} a few times a second: presence flushes,
 *       join deadlines, forgetting recovered throttle buckets. <b>One closer thread</b> (the transport's) closes
 *       sessions the core or the heartbeat gave up on, so a slow close never holds a core lock.</li>
 *   <li><b>Sender threads</b> (the broker's, one per core) start the sends of large fan-outs; they take no core
 *       lock. <b>Container I/O threads</b> complete sends and take the next frame from the connection's queue.</li>
 *   <li><b>The history writer thread</b> (only with durable history) commits appends in batches and then runs their
 *       callbacks, which only offer a frame to the sender's queue: an {@code Ack} (no core lock), or a private
 *       message's sender's copy (under the room's monitor alone, to check the sender is still that member; the
 *       writer holds no other lock then, and nothing holding a room's monitor waits for the writer).</li>
 *   <li><b>Locks</b>, always taken in this order and never the reverse: a {@link ChatSession}'s monitor, then a
 *       {@link Room}'s monitor, then leaf locks (the password throttle; the broker's and queues' internal
 *       concurrency, which never calls back into the core).</li>
 *   <li>The room monitor is held while a frame of that room gets its id and is published, so every member receives
 *       the room's frames in id order. This is safe because publishing never blocks: the broker only offers frames
 *       to bounded per-connection queues; sending happens asynchronously, outside every core lock (for a large room
 *       the broker's sender threads start the sends once the frame is in every queue).</li>
 *   <li>Password hashing (tens of milliseconds) runs on the calling container thread, holding only that
 *       connection's session monitor, never a room's.</li>
 *   <li>Immutable: the config, {@link Member}, every frame record and every {@link OutboundFrame} (shared by all
 *       recipients of a broadcast).</li>
 * </ul>
 */
public final class ChatServer {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());

    final SafehouseConfig config;
    final Broker broker;
    final Clock clock;
    final Snowflakes ids;
    final HistoryStore historyStore;
    final JsonCodec codec = new JsonCodec();
    /** How large a frame that carries a list (history, members) may grow; see {@link FrameBudget}. */
    final FrameBudget frameBudget;
    final RoomRegistry rooms;
    final PasswordChecks passwords;
    final Set<Room> dirtyRooms = ConcurrentHashMap.newKeySet();
    private final Map<Room, Long> lastPresenceFlush = new ConcurrentHashMap<>();
    private final Set<ChatSession> unjoined = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> unjoinedByAddress = new ConcurrentHashMap<>();
    private final OutboundFrame hello;
    private final java.security.SecureRandom random = new java.security.SecureRandom();
    private final Set<ChatSession> withPendingJoins = ConcurrentHashMap.newKeySet();

    public ChatServer(SafehouseConfig config, Broker broker, Argon2PasswordHasher hasher, Clock clock) {
        this(config, broker, hasher, clock, HistoryStore.NONE);
    }

    /** With a durable history store: configured rooms come back with what it kept. */
    public ChatServer(SafehouseConfig config, Broker broker, Argon2PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore) {
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.historyStore = historyStore;
        this.ids = new Snowflakes(clock, config.nodeId());
        this.frameBudget = FrameBudget.of(config.limits());
        this.rooms = new RoomRegistry(config.rooms(), config.limits(), historyStore);
        ids.advancePast(rooms.largestId());
        this.passwords = new PasswordChecks(hasher, new PasswordThrottle(clock, config.limits()),
                config.limits().maxConcurrentPasswordChecks());
        this.hello = encode(new ServerFrame.Hello(config.serverName(), ProtocolVersion.SUPPORTED));
    }

    public SafehouseConfig config() {
        return config;
    }

    /**
     * A connection opened. Modern connections are greeted with Hello. A connection beyond the per-address cap of
     * unjoined connections is closed at once (the transport still calls {@link #closed}).
     */
    public ChatSession open(ClientConnection connection, boolean legacy) {
        long now = clock.millis();
        TokenBucket rate = new TokenBucket(config.limits().messagesPerSecond(), config.limits().messageBurst(), now);
        ChatSession session = new ChatSession(connection, legacy, rate, now);
        AtomicInteger count = unjoinedByAddress.computeIfAbsent(connection.remoteAddress(), a -> new AtomicInteger());
        unjoined.add(session);
        if (count.incrementAndGet() > config.limits().maxUnjoinedPerAddress()) {
            LOG.log(Level.INFO, "refusing a connection: too many unjoined connections from one address");
            connection.close(CloseCode.TOO_MANY_UNJOINED);
            return session;
        }
        if (!legacy) {
            connection.send(hello);
        }
        return session;
    }

    /** One text frame from the client. */
    public void receive(ChatSession session, String text) {
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            long wait = session.rate().tryTake(clock.millis());
            if (wait > 0) {
                reply(session, new ChatError(ErrorCode.RATE_LIMITED, "slow down", Optional.empty(), wait, List.of()));
                return;
            }
            if (session.stage() != ChatSession.Stage.OPEN) {
                new LegacyHandshake(this, session).receive(text);
                return;
            }
            ClientFrame frame;
            try {
                frame = codec.decode(text);
            } catch (ProtocolException e) {
                send(session, new ServerFrame.Error(e.code(), e.getMessage(), e.room(), java.util.OptionalLong.empty(),
                        List.of()));
                return;
            }
            frame.dispatchTo(new SessionFrameHandler(this, session));
        }
    }

    /** The connection is gone (either side closed it, or it failed). Idempotent. */
    public void closed(ChatSession session) {
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            session.markClosed();
            markJoinedOrGone(session);
            withPendingJoins.remove(session);
            for (PendingJoin join : session.takePendingOlderThan(Long.MAX_VALUE)) {
                dropIfEmpty(join.room());
            }
            for (Member member : new ArrayList<>(session.memberships())) {
                leaveRoom(session, member, false);
            }
        }
    }

    /** Periodic work; call a few times a second from one thread. */
    public void tick() {
        long now = clock.millis();
        if (config.limits().historyMaxAgeSeconds() > 0) {
            expireHistory(now);
        }
        flushPresence(now);
        long deadline = now - config.limits().joinTimeoutSeconds() * 1000L;
        for (ChatSession session : unjoined) {
            if (session.openedAtMillis < deadline) {
                session.connection.close(CloseCode.JOIN_TIMEOUT);
            }
        }
        passwords.forgetRecovered();
        expirePendingJoins(now);
    }

    /** Stores what is queued and closes the history store; call after the last connection closed. */
    public void close() {
        historyStore.close();
    }

    /** Members of a room right now, for tests and metrics; empty when the room does not exist. */
    public List<String> members(String roomName) {
        Room room = rooms.find(org.safehouse.protocol.Names.key(roomName));
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            return room.nicknames();
        }
    }

    // ---- used by the handlers (same package) ----

    OutboundFrame encode(ServerFrame frame) {
        return OutboundFrame.of(codec.encode(frame));
    }

    void send(ChatSession session, ServerFrame frame) {
        session.connection.send(encode(frame));
    }

    void reply(ChatSession session, ChatError error) {
        send(session, error.toFrame());
    }

    void markJoinedOrGone(ChatSession session) {
        if (unjoined.remove(session)) {
            AtomicInteger count = unjoinedByAddress.get(session.connection.remoteAddress());
            if (count != null && count.decrementAndGet() <= 0) {
                unjoinedByAddress.remove(session.connection.remoteAddress(), count);
            }
        }
    }

    /** Caller holds the session's monitor. */
    void leaveRoom(ChatSession session, Member member, boolean confirm) {
        Room room = member.room();
        session.left(room.key);
        synchronized (room) {
            if (!room.remove(member)) {
                return;
            }
            var subscriber = session.connection.subscriber();
            broker.unsubscribe(room.roomTopic, subscriber);
            broker.unsubscribe(session.isLegacy() ? room.onlineUsersTopic : room.presenceTopic, subscriber);
            broker.unsubscribe(member.directTopic(), subscriber);
            dirtyRooms.add(room);
            if (room.size() == 0) {
                rooms.removeEmpty(room);
            }
            if (confirm) {
                send(session, new ServerFrame.Left(room.name));
            }
        }
    }

    /** A fresh random challenge for a join proof: 32 bytes, base64. */
    String newChallenge() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return java.util.Base64.getEncoder().encodeToString(bytes);
    }

    void watchPending(ChatSession session) {
        withPendingJoins.add(session);
    }

    /** Removes a room created for a join that never completed, if nobody is in it. */
    void dropIfEmpty(Room room) {
        synchronized (room) {
            if (room.size() == 0 && !room.isRemoved()) {
                rooms.removeEmpty(room);
            }
        }
    }

    private void expirePendingJoins(long now) {
        for (ChatSession session : withPendingJoins) {
            synchronized (session) {
                for (PendingJoin join : session.takePendingOlderThan(now - PendingJoin.TIMEOUT_MILLIS)) {
                    dropIfEmpty(join.room());
                }
                if (session.pendingCount() == 0) {
                    withPendingJoins.remove(session);
                }
            }
        }
    }

    private void expireHistory(long now) {
        for (Room room : rooms.all()) {
            synchronized (room) {
                room.history.expire(now);
                room.mailbox.expire(now);
            }
        }
    }

    private void flushPresence(long now) {
        long interval = config.limits().presenceIntervalMs();
        for (Room room : dirtyRooms) {
            Long last = lastPresenceFlush.get(room);
            if (last != null && now - last < interval) {
                continue;
            }
            dirtyRooms.remove(room);
            synchronized (room) {
                if (!room.hasPendingPresence()) {
                    continue;
                }
                List<List<String>> changes = room.takePresence();
                if (room.hasModernMembers() && !(changes.get(0).isEmpty() && changes.get(1).isEmpty())) {
                    for (ServerFrame.Presence presence : MemberFrames.presence(room.name, changes.get(0),
                            changes.get(1), room.keysOf(changes.get(0)), frameBudget)) {
                        broker.publish(room.presenceTopic, encode(presence));
                    }
                }
                if (room.hasLegacyMembers()) {
                    broker.publish(room.onlineUsersTopic,
                            encode(MemberFrames.onlineUsers(room.name, room.nicknames(), frameBudget)));
                }
            }
            if (room.isRemoved()) {
                lastPresenceFlush.remove(room);
            } else {
                lastPresenceFlush.put(room, now);
            }
        }
    }
}
