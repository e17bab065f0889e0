package org.safehouse.transport;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.glassfish.tyrus.server.TyrusServerContainer;
import org.glassfish.tyrus.spi.ServerContainer;
import org.glassfish.tyrus.spi.ServerContainerFactory;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;

/**
 * The real endpoints on Tyrus's standalone server with a config.json of the test's, deployed as a container would
 * (see {@link TyrusEndpointTest}). Tyrus listens on every interface: test use only; clients connect over loopback.
 */
final class TyrusTestServer implements AutoCloseable {
    private final ServerContainer container;
    private final SafehouseRuntime runtime;
    private final int port;

    private TyrusTestServer(ServerContainer container, SafehouseRuntime runtime, int port) {
        this.container = container;
        this.runtime = runtime;
        this.port = port;
    }

    static TyrusTestServer start(Path directory, String configJson) throws Exception {
        Path file = directory.resolve("config.json");
        Files.writeString(file, configJson);
        SafehouseConfig config = new ConfigLoader(new Argon2PasswordHasher()).load(file);
        ServerContainer container = ServerContainerFactory.createServerContainer(java.util.Map.of());
        SafehouseRuntime runtime = SafehouseBootstrap.deploy(config, container);
        container.start("/", 0); // 0: a free port (the Server wrapper would turn 0 into 8025)
        return new TyrusTestServer(container, runtime, ((TyrusServerContainer) container).getPort());
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

    @Override
    public void close() {
        runtime.stop();
        container.stop();
    }
}
