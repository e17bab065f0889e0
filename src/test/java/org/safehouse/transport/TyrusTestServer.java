package org.safehouse.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.safehouse.app.SafehouseBootstrap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;

/**
 * The real endpoints on Tyrus's standalone (Grizzly) server with a config.json of the test's, deployed through
 * {@link SafehouseBootstrap#deploy} as a servlet container would, minus the servlet context. Tyrus listens on every
 * interface whatever host it is given: test use only; clients connect over loopback.
 * <p>A JUnit extension for a whole class ({@code @RegisterExtension static final TyrusTestServer TYRUS =
 * TyrusTestServer.forTheClass(json)}): started before the first test, stopped after the last.
 */
final class TyrusTestServer implements BeforeAllCallback, AfterAllCallback {
    private final String configJson;
    private Path directory;
    private ServerContainer container;
    private SafehouseRuntime runtime;
    private int port;

    private TyrusTestServer(String configJson) {
        this.configJson = configJson;
    }

    static TyrusTestServer forTheClass(String configJson) {
        return new TyrusTestServer(configJson);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("safehouse-tyrus-");
        Path file = Files.writeString(directory.resolve("config.json"), configJson);
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).load(file);
        container = ServerContainerFactory.createServerContainer(java.util.Map.of());
        runtime = SafehouseBootstrap.deploy(config, container);
        container.start("/", 0); // 0: a free port (the Server wrapper would turn 0 into 8025)
        port = ((TyrusServerContainer) container).getPort();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (runtime != null) {
            runtime.stop();
        }
        if (container != null) {
            container.stop();
        }
        if (directory != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(directory)) { // config.json, a data_dir
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /** Where config.json is: relative paths of the config (a {@code data_dir}) are resolved from here. */
    Path directory() {
        return directory;
    }

    /** The core and its collaborators, for asserting what the server holds. */
    SafehouseRuntime runtime() {
        return runtime;
    }

    /** The address of the server's port on loopback, for raw sockets. */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", port);
    }

    URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + port + path);
    }
}
