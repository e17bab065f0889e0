package org.safehouse.app;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.core.ChatServer;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.RoomCatalog;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.storage.DataDirectoryLock;
import org.safehouse.storage.SqliteHistoryStore;
import org.safehouse.storage.SqliteRoomCatalog;
import org.safehouse.transport.MicrometerChatMetrics;
import org.safehouse.transport.SafehouseRuntime;

/**
 * The composition root: the one place that turns a validated {@link SafehouseConfig} into a running server's parts.
 * It builds, in this order, the broker ({@link InMemoryBroker}, one fan-out thread per core), the password pool
 * ({@code max_concurrent_password_checks} threads running Argon2id), the stores (SQLite history and room catalog with
 * {@code history_storage: "sqlite"}, none otherwise; then, first of all, the data directory's lock,
 * {@link DataDirectoryLock}, which the runtime releases last; with a {@code cluster} section, the Redis parts
 * instead: {@link ClusterAssembly}), the metrics (Micrometer), the core ({@link ChatServer}) and the
 * transport's runtime ({@link SafehouseRuntime}), which then owns all of them and stops them. No thread is started
 * here besides the pools' lazily created workers; the runtime's own threads start with {@link SafehouseRuntime#start}.
 * See docs/ARCHITECTURE.md for what runs on which thread.
 */
public final class SafehouseAssembly {
    private static final System.Logger LOG = System.getLogger(SafehouseAssembly.class.getName());

    private SafehouseAssembly() {
    }

    /** Builds every part for {@code config}; a history file that cannot be opened stops start-up. */
    public static SafehouseRuntime assemble(SafehouseConfig config) {
        Optional<DataDirectoryLock> lock = lockDataDirectory(config);
        try {
            Clock clock = Clock.systemUTC();
            Broker broker = new InMemoryBroker(Runtime.getRuntime().availableProcessors());
            ExecutorService passwordWorkers = Executors.newFixedThreadPool(
                    config.limits().maxConcurrentPasswordChecks(), SafehouseRuntime.named("password"));
            ChatServer chat;
            List<AutoCloseable> closeAfterChat = List.of();
            if (config.cluster().isPresent()) {
                ClusterAssembly.Node node = ClusterAssembly.assemble(config, config.cluster().get(), broker,
                        new Argon2PasswordHasher(), clock, passwordWorkers);
                chat = node.chat();
                closeAfterChat = node.closeAfterChat();
            } else {
                chat = new ChatServer(config, broker, new Argon2PasswordHasher(), clock,
                        historyStore(config, clock), roomCatalog(config), passwordWorkers);
            }
            SafehouseRuntime runtime = new SafehouseRuntime(chat, broker, passwordWorkers,
                    new MicrometerChatMetrics());
            closeAfterChat.forEach(runtime::releaseOnStop);
            lock.ifPresent(runtime::releaseOnStop); // after the stores have closed
            return runtime;
        } catch (RuntimeException | Error e) {
            lock.ifPresent(DataDirectoryLock::close);
            throw e;
        }
    }

    /**
     * With durable history, this process must be the only one using the data directory (a second server, or the
     * operator's command line, would write the same SQLite file): its lock is taken before the stores open.
     */
    private static Optional<DataDirectoryLock> lockDataDirectory(SafehouseConfig config) {
        if (!config.history().durable()) {
            return Optional.empty();
        }
        Path directory = config.tls().dataDirectory();
        Optional<DataDirectoryLock> lock;
        try {
            lock = DataDirectoryLock.tryAcquire(directory);
        } catch (IOException e) {
            throw new IllegalStateException(directory + ": cannot lock the data directory: " + e.getMessage(), e);
        }
        if (lock.isEmpty()) {
            String message = "Safehouse cannot start: " + DataDirectoryLock.heldMessage(directory);
            LOG.log(Level.ERROR, message);
            throw new IllegalStateException(message);
        }
        return lock;
    }

    /** In memory unless config asks for durable history. */
    private static HistoryStore historyStore(SafehouseConfig config, Clock clock) {
        if (!config.history().durable()) {
            return HistoryStore.NONE;
        }
        Path file = config.history().file().orElseThrow();
        try {
            SqliteHistoryStore store = SqliteHistoryStore.open(file, config.limits(), clock);
            LOG.log(Level.INFO, "room history is kept in {0}", file);
            return store;
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot open the history file: " + e.getMessage(), e);
        }
    }

    /** With durable history, created rooms and their password verifiers are kept in the same file. */
    private static RoomCatalog roomCatalog(SafehouseConfig config) {
        if (!config.history().durable()) {
            return RoomCatalog.NONE;
        }
        Path file = config.history().file().orElseThrow();
        try {
            return SqliteRoomCatalog.open(file);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot open the room catalog: " + e.getMessage(), e);
        }
    }
}
