package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import org.safehouse.config.Limits;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.PasswordHasher;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.CloseCode;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ProtocolException;
import org.safehouse.protocol.ProtocolVersion;
import org.safehouse.protocol.ServerFrame;

/**
 * The chat rules, Sans-IO: the transport hands it connections ({@link #open}, {@link #closed}) and text frames
 * ({@link #receive}), and calls {@link #tick} a few times a second; it answers through {@link ClientConnection} and
 * publishes through the {@link MessageLog} port. This class only wires the collaborators, each the owner of its state,
 * and hands the frame handlers a {@link ChatContext}. Which thread calls what, and which lock guards what: see
 * docs/ARCHITECTURE.md.
 */
public final class ChatServer {
    private static final System.Logger LOG = System.getLogger(ChatServer.class.getName());

    private final SafehouseConfig config;
    private final Clock clock;
    private final HistoryStore historyStore;
    private final RoomCatalog catalog;
    private final JsonCodec codec = new JsonCodec();
    private final RoomRegistry rooms;
    private final PresenceFlusher presence;
    private final PasswordChecks passwords;
    private final AddressGroupLimits addressGroups;
    private final UnjoinedConnections unjoined;
    private final PendingJoins pendingJoins;
    private final RemoteMembers remoteMembers;
    private final ChatContext context;
    /** The encoded Hello; replaced once by {@link #announceCertificate}, before the first connection. */
    private volatile OutboundFrame hello;
    private final ServerBans serverBans;
    private final ServerOperator operator;
    private final ClusterHealth health;
    private final MailboxKeeping mailboxKeeping;
    private final Optional<ClusteredMessageLog> clusteredLog;
    private long lastForgetMillis;
    private volatile ChatMetrics metrics = ChatMetrics.NONE;
    private volatile ChatEvents events = ChatEvents.NONE;

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
        this(config, broker, hasher, clock, historyStore, catalog, passwordWorkers, ClusterHealth.ALWAYS);
    }

    /** @param health whether this node may admit members (cluster mode: while its Redis answers) */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore, RoomCatalog catalog, Executor passwordWorkers, ClusterHealth health) {
        this(config, broker, hasher, clock, historyStore, catalog, passwordWorkers, health, MailboxBus.NONE);
    }

    /** @param mailboxes the cluster's shared mailboxes of private messages ({@link MailboxBus#NONE}: one node) */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore, RoomCatalog catalog, Executor passwordWorkers, ClusterHealth health,
                      MailboxBus mailboxes) {
        this(config, broker, hasher, clock, historyStore, catalog, passwordWorkers, health, mailboxes,
                MemberDirectory.LOCAL);
    }

    /**
     * @param mailboxes the cluster's shared mailboxes of private messages ({@link MailboxBus#NONE}: one node)
     * @param directory who holds which name in which room across the cluster's nodes ({@link MemberDirectory#LOCAL})
     */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore, RoomCatalog catalog, Executor passwordWorkers, ClusterHealth health,
                      MailboxBus mailboxes, MemberDirectory directory) {
        this(config, broker, hasher, clock, historyStore, catalog, passwordWorkers,
                ClusterServices.SINGLE_NODE.withHealth(health).withMailboxes(mailboxes).withMembers(directory));
    }

    /** @param cluster the cluster's parts, or {@link ClusterServices#SINGLE_NODE} */
    public ChatServer(SafehouseConfig config, Broker broker, PasswordHasher hasher, Clock clock,
                      HistoryStore historyStore, RoomCatalog catalog, Executor passwordWorkers,
                      ClusterServices cluster) {
        MailboxBus mailboxes = cluster.mailboxes();
        MemberDirectory directory = cluster.members();
        Limits limits = config.limits();
        this.health = cluster.health();
        this.config = config;
        this.clock = clock;
        this.historyStore = historyStore;
        this.catalog = catalog;
        FrameBudget frameBudget = FrameBudget.of(limits);
        Snowflakes ids = new Snowflakes(clock, cluster.nodeId().orElse(config.nodeId()));
        this.clusteredLog = cluster.log().map(bus -> new ClusteredMessageLog(bus, ids, clock, broker, codec,
                cluster.nodeName()));
        MessageLog log = clusteredLog.<MessageLog>map(clustered -> clustered)
                .orElseGet(() -> new InMemoryMessageLog(ids, clock, broker, codec));
        this.presence = new PresenceFlusher(limits.presenceIntervalMs(), frameBudget);
        this.rooms = new RoomRegistry(config.rooms(), limits, historyStore, catalog, log, presence, directory);
        this.remoteMembers = new RemoteMembers(directory, rooms);
        ids.advancePast(rooms.largestId());
        clusteredLog.ifPresent(clustered -> {
            clustered.attach(rooms::find);
            health.onChange(healthy -> {
                if (!healthy) {
                    clustered.failPending();
                }
            });
        });
        this.addressGroups = new AddressGroupLimits(limits);
        this.passwords = new PasswordChecks(hasher,
                cluster.passwords().orElseGet(() -> new PasswordThrottle(clock, limits)),
                new PasswordCheckQueue(passwordWorkers, limits.maxConcurrentPasswordChecks(),
                        limits.passwordCheckQueuePerAddress(), limits.passwordCheckQueueTotal()),
                new VerifiedPasswords(new SecureRandom()), clock, limits.passwordCheckWaitSeconds() * 1000L);
        this.pendingJoins = new PendingJoins(rooms, clock);
        this.unjoined = new UnjoinedConnections(limits, pendingJoins);
        Replies replies = new Replies(codec, () -> metrics);
        AddressGroupHmac addressHmac = new AddressGroupHmac(catalog.serverSecret());
        this.mailboxKeeping = keeping(mailboxes, historyStore, rooms, replies, addressHmac);
        PrivateDelivery privateDelivery = new PrivateDelivery(log, mailboxKeeping, replies, clock);
        this.context = new ChatContext(config, clock, rooms, log, historyStore, replies, passwords, addressGroups,
                unjoined, pendingJoins, privateDelivery, frameBudget, codec, () -> metrics, addressHmac,
                new RoomRemovals(replies, unjoined, rooms, () -> events), () -> events, remoteMembers);
        this.hello = replies.encode(new ServerFrame.Hello(config.serverName(), ProtocolVersion.SUPPORTED));
        this.serverBans = new ServerBans(context.addressHmac(), catalog, clock);
        this.operator = new ServerOperator(rooms, serverBans, catalog, hasher, passwordWorkers,
                new PanicWipe(context), context.removals());
        catalog.listen(new RemoteRoomChanges(rooms, context.removals(), serverBans, context.addressHmac(), clock));
        directory.listen(remoteMembers);
    }

    /** One node keeps in its own mailboxes; a cluster's shared mailboxes are mirrored here and decide. */
    private static MailboxKeeping keeping(MailboxBus mailboxes, HistoryStore store, RoomRegistry rooms,
                                          Replies replies, AddressGroupHmac addressHmac) {
        if (mailboxes == MailboxBus.NONE) {
            return new LocalMailboxKeeping(store);
        }
        ClusteredMailboxes clustered = new ClusteredMailboxes(mailboxes, rooms, replies, addressHmac);
        mailboxes.listen(clustered);
        return clustered;
    }

    /**
     * Cluster mode: re-reads every room's private mailbox from the cluster's (after Redis came back, when changes may
     * have been missed). Blocks on Redis, one room at a time, holding no lock; nothing on one node.
     */
    public void resyncMailboxes() {
        if (mailboxKeeping instanceof ClusteredMailboxes clustered) {
            clustered.resync();
        }
    }

    /**
     * From now on, Hello carries {@code certificate}: the lowercase hex SHA-256 of the DER leaf certificate people
     * reach this server with, which an invite link's {@code fp} is compared to. Call before the first connection.
     */
    public void announceCertificate(String hexSha256) {
        this.hello = context.replies().encode(new ServerFrame.Hello(config.serverName(), ProtocolVersion.SUPPORTED,
                java.util.Optional.of(hexSha256)));
    }

    /** The operator's actions on this server (the /admin/ API). */
    public ServerOperator operator() {
        return operator;
    }

    public SafehouseConfig config() {
        return config;
    }

    /** Reports to {@code metrics} from now on; call once, before the first connection. */
    public void reportTo(ChatMetrics metrics) {
        this.metrics = metrics;
        passwords.reportTo(metrics);
    }

    /** Whether this node may admit members; the transport closes its connections when it turns unhealthy. */
    public ClusterHealth clusterHealth() {
        return health;
    }

    /**
     * Cluster mode, after this node missed messages (Redis was lost): brings every room's history mirror in step with
     * Redis's streams. Blocks on Redis ({@code command_timeout_ms} per room); call with no lock held, before the node
     * reports healthy again. Does nothing on one node.
     */
    public void resyncHistory() {
        clusteredLog.ifPresent(clustered -> rooms.all().forEach(room -> clustered.resync(room, historyStore)));
    }

    /** Reports joins, leaves and room messages to {@code events} from now on (the embedding API). */
    public void observe(ChatEvents events) {
        this.events = events;
    }

    /** Rooms that exist now, configured and created. */
    public int roomCount() {
        return rooms.count();
    }

    /** What all room histories count against the history budget ({@code history_bytes_total}), in bytes. */
    public long historyBytes() {
        return rooms.historyBudget().used();
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
        serverBans.opened(session); // before the check: a ban set meanwhile finds it
        if (serverBans.refuses(session.addressGroup())) {
            LOG.log(Level.INFO, "refusing a connection: its address group is banned from this server");
            connection.close(CloseCode.ADDRESS_BANNED);
            return session;
        }
        if (!health.healthy()) {
            LOG.log(Level.INFO, "refusing a connection: this node lost its cluster");
            connection.close(CloseCode.CLUSTER_LOST);
            return session;
        }
        metrics.connectionOpened(legacy);
        if (!unjoined.opened(session)) {
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
            context.removals().settle(session, clock.millis());
            long wait = session.rate().tryTake(clock.millis());
            if (wait > 0) {
                metrics.rateLimited();
                context.replies().reply(session, new ChatError(ErrorCode.RATE_LIMITED, "slow down", Optional.empty(),
                        wait, List.of()));
                return;
            }
            if (session.stage() != ChatSession.Stage.OPEN) {
                if (refusedByCluster(session, Optional.of(config.defaultRoom()))) {
                    return;
                }
                new LegacyHandshake(context, session).receive(text);
                return;
            }
            ClientFrame frame;
            try {
                frame = codec.decode(text);
            } catch (ProtocolException e) {
                context.replies().send(session, new ServerFrame.Error(e.code(), e.getMessage(), e.room(),
                        OptionalLong.empty(), List.of()));
                return;
            }
            if (frame instanceof ClientFrame.Join join && refusedByCluster(session, Optional.of(join.room()))
                    || frame instanceof ClientFrame.Prove prove && refusedByCluster(session, Optional.of(prove.room()))) {
                return;
            }
            frame.dispatchTo(new SessionFrameHandler(context, session));
        }
    }

    /**
     * A node that lost its cluster admits nobody ({@link ClusterHealth}): the join is answered
     * {@code cluster_unavailable} and the connection closed with 4011, so the client reconnects to another node.
     */
    private boolean refusedByCluster(ChatSession session, Optional<String> room) {
        if (health.healthy()) {
            return false;
        }
        ChatError error = new ChatError(ErrorCode.CLUSTER_UNAVAILABLE,
                "this node lost its cluster; connect again to reach another node", room);
        context.replies().joinRefused(session, error);
        context.replies().reply(session, error);
        session.connection().close(CloseCode.CLUSTER_LOST);
        return true;
    }

    /** The connection is gone (either side closed it, or it failed). Idempotent. */
    public void closed(ChatSession session) {
        synchronized (session) {
            if (session.isClosed()) {
                return;
            }
            session.markClosed();
            metrics.connectionClosed(session.isLegacy());
            unjoined.joinedOrGone(session);
            addressGroups.disconnected(session.addressGroup());
            serverBans.closed(session);
            pendingJoins.dropAll(session);
            Joining joining = new Joining(context);
            for (Member member : new ArrayList<>(session.memberships())) {
                joining.leave(session, member, false);
            }
        }
    }

    /** Periodic work; call a few times a second from one thread. */
    public void tick() {
        long now = clock.millis();
        if (config.limits().historyMaxAgeSeconds() > 0) {
            rooms.expireHistory(now);
        }
        presence.flush(now);
        context.removals().settleAll(now);
        unjoined.closeTimedOut(now);
        rooms.historyBudget().reclaimAbove(HistoryBudget.LOW_WATER_PERCENT);
        if (now - lastForgetMillis >= 1000) {
            lastForgetMillis = now;
            addressGroups.forgetIdle(now);
            serverBans.dropExpired(now);
        }
        passwords.forgetRecovered();
        pendingJoins.expire(now);
    }

    /**
     * Reads every room's members on other nodes from the {@link MemberDirectory} again: at start, once the cluster
     * reports changes, and when it is back after an outage (its reports meanwhile are lost). Blocks on the directory,
     * one room at a time, holding no lock; call it off the container's and the tick's threads. Throws
     * {@link SharedStateUnavailable} when the directory cannot answer (then call it again later).
     */
    public void resyncMembers() {
        remoteMembers.resyncAll();
    }

    /** Stores what is queued and closes the history store; call after the last connection closed. */
    public void close() {
        historyStore.close();
        catalog.close();
    }

    /** Members of a room right now, for tests and metrics; empty when the room does not exist. */
    public List<String> members(String roomName) {
        Room room = rooms.find(Names.key(roomName));
        if (room == null) {
            return List.of();
        }
        synchronized (room) {
            return room.nicknames();
        }
    }

    // ---- for the tests of this package ----

    RoomRegistry rooms() {
        return rooms;
    }

    AddressGroupLimits addressGroups() {
        return addressGroups;
    }

    FrameBudget frameBudget() {
        return context.frameBudget();
    }
}
