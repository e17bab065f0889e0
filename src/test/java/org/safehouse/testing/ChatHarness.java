package org.safehouse.testing;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatMetrics;
import org.safehouse.core.ChatServer;
import org.safehouse.core.ClusterHealth;
import org.safehouse.core.ClusterServices;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.MailboxBus;
import org.safehouse.core.MemberDirectory;
import org.safehouse.core.PasswordGuesses;
import org.safehouse.core.RoomCatalog;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.crypto.PasswordHasher;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.InMemoryBroker;

/**
 * The chat core without any server: a {@link ChatServer} built from a config.json text, on a {@link MutableClock},
 * with an in-memory broker, whose connections are {@link RecordingConnection}s driven through {@link FakeClient}.
 * Password checks run at once on the calling thread unless {@link Builder#passwordWorkers} says otherwise.
 * It uses only ChatServer's public API, so the core can be reshaped behind it.
 */
public final class ChatHarness implements AutoCloseable {
    /** Where the clock starts: a fixed instant (2027-01-15), so that times in frames can be asserted exactly. */
    public static final long START = 1_800_000_000_000L;

    private final MutableClock clock;
    private final ChatServer server;

    private ChatHarness(MutableClock clock, ChatServer server) {
        this.clock = clock;
        this.server = server;
    }

    /** A core with this configuration (config.json's text) and every other collaborator left at its default. */
    public static ChatHarness start(String configJson) {
        return with(configJson).start();
    }

    public static Builder with(String configJson) {
        return new Builder(configJson);
    }

    /** What may differ from one harness to the next; each setter returns the builder. */
    public static final class Builder {
        private final String configJson;
        private MutableClock clock;
        private Path baseDirectory = Path.of(".");
        private Function<SafehouseConfig, HistoryStore> historyStore = config -> HistoryStore.NONE;
        private PasswordHasher hasher = new Argon2PasswordHasher();
        private Executor passwordWorkers = Runnable::run;
        private ChatMetrics metrics = ChatMetrics.NONE;
        private Broker broker;
        private MemberDirectory members = MemberDirectory.LOCAL;
        private MailboxBus mailboxes = MailboxBus.NONE;
        private RoomCatalog catalog = RoomCatalog.NONE;
        private Optional<PasswordGuesses> passwordGuesses = Optional.empty();
        private ClusterHealth clusterHealth = ClusterHealth.ALWAYS;
        private ClusterServices cluster;

        private Builder(String configJson) {
            this.configJson = configJson;
        }

        /** Shares a clock with other harnesses or stores (a restart keeps the time); a new one at START otherwise. */
        public Builder clock(MutableClock value) {
            clock = value;
            return this;
        }

        /**
         * Keeps history in a store made from the parsed config (a SQLite store opens the file its data_dir names);
         * relative paths in the config are resolved from {@code baseDirectory}.
         */
        public Builder storage(Path baseDirectory, Function<SafehouseConfig, HistoryStore> historyStore) {
            this.baseDirectory = baseDirectory;
            this.historyStore = historyStore;
            return this;
        }

        /** Checks passwords with this hasher on these workers; Argon2id at once, on the calling thread otherwise. */
        public Builder passwordChecks(PasswordHasher hasher, Executor passwordWorkers) {
            this.hasher = hasher;
            this.passwordWorkers = passwordWorkers;
            return this;
        }

        /** Keeps rooms in this catalog (one node's view of a shared one: {@link SharedRoomCatalog}). */
        public Builder catalog(RoomCatalog value) {
            catalog = value;
            return this;
        }

        /** Reports to these metrics from the first connection on. */
        public Builder metrics(ChatMetrics value) {
            metrics = value;
            return this;
        }

        /**
         * One node of a cluster in a test: cores sharing {@code broker} hear each other's topics (as every node does
         * through Redis), and claim names in {@code members} (a node's view of one shared directory).
         */
        public Builder node(Broker broker, MemberDirectory members) {
            this.broker = broker;
            this.members = members;
            return this;
        }

        /** Keeps private messages in these shared mailboxes, as a node of a cluster does. */
        public Builder mailboxes(MailboxBus value) {
            mailboxes = value;
            return this;
        }

        /** A node of a real cluster: every port the core has for one ({@link #node}, {@link #mailboxes} ignored). */
        public Builder cluster(ClusterServices value) {
            cluster = value;
            return this;
        }

        /** Counts wrong passwords in {@code value}, shared with other nodes (a node of a cluster). */
        public Builder passwordGuesses(PasswordGuesses value) {
            passwordGuesses = Optional.of(value);
            return this;
        }

        /** Admits members only while {@code value} is healthy (a node of a cluster). */
        public Builder clusterHealth(ClusterHealth value) {
            clusterHealth = value;
            return this;
        }

        public ChatHarness start() {
            MutableClock time = clock != null ? clock : new MutableClock(START);
            SafehouseConfig config;
            try {
                config = new ConfigLoader(new Argon2PasswordHasher()).parse(configJson, "test", baseDirectory);
            } catch (Exception e) {
                throw new AssertionError("the test's config does not load: " + configJson, e);
            }
            ClusterServices services = cluster != null ? cluster : ClusterServices.SINGLE_NODE
                    .withHealth(clusterHealth).withMailboxes(mailboxes).withMembers(members);
            ChatServer server = new ChatServer(config, broker != null ? broker : new InMemoryBroker(), hasher, time,
                    historyStore.apply(config), catalog, passwordWorkers,
                    passwordGuesses.map(services::withPasswords).orElse(services));
            server.reportTo(metrics);
            return new ChatHarness(time, server);
        }
    }

    public ChatServer server() {
        return server;
    }

    public MutableClock clock() {
        return clock;
    }

    /** Opens a modern (/chat) connection from this address; its Hello stays recorded. */
    public FakeClient open(String address) {
        return open(address, false);
    }

    /** Opens a connection from this address, a Ragnarok one when {@code legacy}; nothing recorded is dropped. */
    public FakeClient open(String address, boolean legacy) {
        RecordingConnection connection = new RecordingConnection(address);
        return new FakeClient(server, connection, server.open(connection, legacy));
    }

    /** Opens a modern connection from this address and drops its Hello. */
    public FakeClient connect(String address) {
        FakeClient client = open(address);
        client.take();
        return client;
    }

    /** Opens a Ragnarok connection and sends its password frame then its nickname frame. */
    public FakeClient ragnarok(String address, String password, String nick) {
        FakeClient client = open(address, true);
        client.send(password);
        client.send(nick);
        return client;
    }

    /** Connects from 10.0.0.1, joins and drops what the join answered, after checking it ends with Joined. */
    public FakeClient joined(String room, String nick) {
        FakeClient client = connect("10.0.0.1");
        client.expectJoined(room, nick);
        return client;
    }

    /** Periodic work (presence flushes, timeouts, expiry), as the transport's ticker calls it. */
    public void tick() {
        server.tick();
    }

    /** Moves the clock on, then ticks. */
    public void tickAfter(long millis) {
        clock.advance(millis);
        server.tick();
    }

    @Override
    public void close() {
        server.close();
    }
}
