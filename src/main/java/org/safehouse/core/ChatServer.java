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
import java.util.concurrent.Executor;
import org.safehouse.config.Limits;
import org.safehouse.crypto.PasswordHasher;
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
 *       {@link Room}'s monitor, then leaf locks (the password checks, their queue, throttle and remembered pairs;
 *       a {@link RoomHistory}'s own monitor, of which the {@link HistoryBudget} takes one at a time to evict the
 *       server's oldest messages; the address group counts; the broker's and queues' internal concurrency, which
 *       never calls back into the core).</li>
 *   <li>The room monitor is held while a frame of that room gets its id and is published, so every member receives
 *       the room's frames in id order. This is safe because publishing never blocks: the broker only offers frames
 *       to bounded per-connection queues; sending happens asynchronously, outside every core lock (for a large room
 *       the broker's sender threads start the sends once the frame is in every queue).</li>
 *   <li><b>Password workers</b> (the transport's pool of {@code max_concurrent_password_checks} threads) run
 *       Argon2id, holding no core lock; a container thread only queues the check ({@link PasswordChecks}). When a
 *       check completes, the worker takes the session's monitor and goes on with the join (then a room's).</li>
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
    private final RoomCatalog catalog;
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
    /** Connections that joined and then left every room: closed like unjoined ones after the join timeout. */
    private final Set<ChatSession> roomless = ConcurrentHashMap.newKeySet();
    final AddressGroupLimits addressGroups;
    private long lastForgetMillis;
    volatile ChatMetrics metrics = ChatMetrics.NONE;

    /** For single-threaded tests: password checks run at once, on the calling thread. */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock) {
        this(config, broker, hasher, clock, HistoryStore.NONE);
    }

    /** For single-threaded tests, with a durable history store: configured rooms come back with what it kept. */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore) {
        this(config, broker, hasher, clock, historyStore, RoomCatalog.NONE, Runnable::run);
    }

    /**
     * @param catalog         keeps created rooms (and their password verifiers) beside durable history
     * @param passwordWorkers runs Argon2id; the transport's pool of {@code max_concurrent_password_checks} threads
     *                        (a direct executor only in single-threaded tests)
     */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore, RoomCatalog catalog, Executor passwordWorkers) {
        this.config = config;
        this.broker = broker;
        this.clock = clock;
        this.historyStore = historyStore;
        this.catalog = catalog;
        this.ids = new Snowflakes(clock, config.nodeId());
        this.frameBudget = FrameBudget.of(config.limits());
        this.rooms = new RoomRegistry(config.rooms(), config.limits(), historyStore, catalog);
        this.addressGroups = new AddressGroupLimits(config.limits());
        ids.advancePast(rooms.largestId());
        Limits limits = config.limits();
        this.passwords = new PasswordChecks(hasher, new PasswordThrottle(clock, limits),
                new PasswordCheckQueue(passwordWorkers, limits.maxConcurrentPasswordChecks(),
                        limits.passwordCheckQueuePerAddress(), limits.passwordCheckQueueTotal()),
                new VerifiedPasswords(random), clock, limits.passwordCheckWaitSeconds() * 1000L);
        this.hello = encode(new ServerFrame.Hello(config.serverName(), ProtocolVersion.SUPPORTED));
    }

    public SafehouseConfig config() {
        return config;
    }

    /** Reports to {@code metrics} from now on; call once, before the first connection. */
    public void reportTo(ChatMetrics metrics) {
        this.metrics = metrics;
        passwords.reportTo(metrics);
    }

    /** Rooms that exist now, configured and created. */
    public int roomCount() {
        return rooms.count();
    }

    /** What all room histories count against the history budget ({@code history_bytes_total}), in bytes. */
    public long historyBytes() {
        return rooms.historyBudget.used();
    }

    /**
     * A connection opened. Modern connections are greeted with Hello. A connection beyond the per-address-group cap of
     * connections, or of unjoined connections, is closed at once with 4003 (the transport still calls
     * {@link #closed}).
     */
    public ChatSession open(ClientConnection connection, boolean legacy) {
        long now = clock.millis();
        TokenBucket rate = new TokenBucket(config.limits().messagesPerSecond(), config.limits().messageBurst(), now);
        ChatSession session = new ChatSession(connection, legacy, rate, now, addressGroups);
        if (!addressGroups.connected(session.addressGroup())) {
            LOG.log(Level.INFO, "refusing a connection: too many connections from one address group");
            connection.close(CloseCode.TOO_MANY_CONNECTIONS);
            return session;
        }
        metrics.connectionOpened(legacy);
        AtomicInteger count = unjoinedByAddress.computeIfAbsent(session.addressGroup(), a -> new AtomicInteger());
        unjoined.add(session);
        if (count.incrementAndGet() > config.limits().maxUnjoinedPerAddress()) {
            LOG.log(Level.INFO, "refusing a connection: too many unjoined connections from one address {0}",
                    LogFields.address(connection));
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
            metrics.messageIn();
            long wait = session.rate().tryTake(clock.millis());
            if (wait > 0) {
                metrics.rateLimited();
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
            metrics.connectionClosed(session.isLegacy());
            markJoinedOrGone(session);
            addressGroups.disconnected(session.addressGroup());
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
        // A join waiting for its password check is not timed out while it waits, within a bound of its own.
        long waitingDeadline = deadline - config.limits().passwordCheckWaitSeconds() * 1000L;
        for (ChatSession session : unjoined) {
            long opened = session.openedAtMillis();
            if (opened < deadline && (!session.passwordCheckWaiting() || opened < waitingDeadline)) {
                session.connection().close(CloseCode.JOIN_TIMEOUT);
            }
        }
        closeRoomless(deadline);
        rooms.historyBudget.reclaimAbove(HistoryBudget.LOW_WATER_PERCENT);
        if (now - lastForgetMillis >= 1000) {
            lastForgetMillis = now;
            addressGroups.forgetIdle(now);
        }
        passwords.forgetRecovered();
        expirePendingJoins(now);
    }

    /** Stores what is queued and closes the history store; call after the last connection closed. */
    public void close() {
        historyStore.close();
        catalog.close();
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
        session.connection().send(encode(frame));
    }

    void reply(ChatSession session, ChatError error) {
        send(session, error.toFrame());
    }

    /** Counts and logs (address, reason, room; never the password) a refused join before it is answered. */
    void joinRefused(ChatSession session, ChatError error) {
        metrics.joinRefused(error.code());
        Level level = error.code() == ErrorCode.WRONG_PASSWORD || error.code() == ErrorCode.THROTTLED
                ? Level.INFO : Level.DEBUG;
        LOG.log(level, "join refused {0} {1} {2}", LogFields.field("reason", error.code().wireName()),
                LogFields.address(session.connection()),
                LogFields.field("room", error.code() == ErrorCode.BAD_ROOM_NAME ? "-" : error.room().orElse("-")));
    }

    void markJoinedOrGone(ChatSession session) {
        roomless.remove(session);
        if (unjoined.remove(session)) {
            AtomicInteger count = unjoinedByAddress.get(session.addressGroup());
            if (count != null && count.decrementAndGet() <= 0) {
                unjoinedByAddress.remove(session.addressGroup(), count);
            }
        }
    }

    /** Caller holds the session's monitor. */
    void leaveRoom(ChatSession session, Member member, boolean confirm) {
        Room room = member.room();
        if (session.left(room.key(), clock.millis()) && !session.isClosed()) {
            roomless.add(session);
        }
        synchronized (room) {
            if (!room.remove(member)) {
                return;
            }
            var subscriber = session.connection().subscriber();
            broker.unsubscribe(room.roomTopic(), subscriber);
            broker.unsubscribe(session.isLegacy() ? room.onlineUsersTopic() : room.presenceTopic(), subscriber);
            broker.unsubscribe(member.directTopic(), subscriber);
            dirtyRooms.add(room);
            if (room.size() == 0) {
                rooms.removeEmpty(room);
            }
            if (confirm) {
                send(session, new ServerFrame.Left(room.name()));
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

    /**
     * Refuses creating a room when the server holds {@code max_rooms} ({@code server_full}) or the connection's address
     * group has created rooms too fast ({@code rate_limited}, with the wait).
     */
    void checkMayCreateRoom(ChatSession session, String roomName) throws ChatError {
        if (rooms.count() >= config.limits().maxRooms()) {
            throw new ChatError(ErrorCode.SERVER_FULL, "the server holds as many rooms as it may; join an existing one",
                    Optional.of(roomName));
        }
        long wait = addressGroups.tryCreateRoom(session.addressGroup(), clock.millis());
        if (wait > 0) {
            throw new ChatError(ErrorCode.RATE_LIMITED, "too many rooms created from this address; try again later",
                    Optional.of(roomName), wait, List.of());
        }
    }

    /** Whether the connection's address group may be in one more room ({@code too_many_rooms} otherwise). */
    void checkMayJoin(ChatSession session, String roomName) throws ChatError {
        if (!addressGroups.mayJoin(session.addressGroup())) {
            throw new ChatError(ErrorCode.TOO_MANY_ROOMS, "too many rooms joined from this address",
                    Optional.of(roomName));
        }
    }

    /** Closes (4001) connections that left their last room more than the join timeout ago and are not joining. */
    private void closeRoomless(long deadline) {
        for (ChatSession session : roomless) {
            if (session.roomlessSinceMillis() >= deadline) {
                continue;
            }
            synchronized (session) {
                if (session.roomCount() == 0 && !session.hasPendingWork() && !session.isClosed()) {
                    roomless.remove(session);
                    session.connection().close(CloseCode.JOIN_TIMEOUT);
                } else if (session.roomCount() > 0 || session.isClosed()) {
                    roomless.remove(session);
                }
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
                room.history().expire(now);
                room.mailbox().expire(now);
                if (room.size() == 0 && !room.isRemoved()) {
                    rooms.removeEmpty(room); // a kept room whose history has all expired
                }
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
                    for (ServerFrame.Presence presence : MemberFrames.presence(room.name(), changes.get(0),
                            changes.get(1), room.keysOf(changes.get(0)), frameBudget)) {
                        broker.publish(room.presenceTopic(), encode(presence));
                    }
                }
                if (room.hasLegacyMembers()) {
                    broker.publish(room.onlineUsersTopic(),
                            encode(MemberFrames.onlineUsers(room.name(), room.nicknames(), frameBudget)));
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
