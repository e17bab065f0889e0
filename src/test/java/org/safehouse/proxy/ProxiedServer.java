package org.safehouse.proxy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.safehouse.deploy.FreePorts;
import org.safehouse.testing.ServerProcess;

/**
 * A Safehouse server ({@code java -jar}) behind a reverse proxy on a free loopback port, for one test: started by
 * {@link #start}, both stopped after the test, and both outputs printed when it fails. Register it with
 * {@code @RegisterExtension}.
 */
final class ProxiedServer implements TestWatcher, AfterEachCallback {
    /** Starts a proxy in this directory, listening on a port, in front of the server's port. */
    @FunctionalInterface
    interface ProxyStarter {
        ProxyProcess start(Path directory, int listenPort, int serverPort);
    }

    private final String proxyName;
    private final ProxyStarter starter;
    private Path proxyDirectory;
    private int proxyPort;
    private ServerProcess server;
    private ProxyProcess proxy;

    ProxiedServer(String proxyName, ProxyStarter starter) {
        this.proxyName = proxyName;
        this.starter = starter;
    }

    /** Writes config.json (made for the proxy's port) into {@code directory}, starts the server, then the proxy. */
    void start(Path directory, IntFunction<String> configForProxyPort) throws Exception {
        proxyPort = FreePorts.pick(1)[0];
        Path config = Files.writeString(directory.resolve("config.json"), configForProxyPort.apply(proxyPort));
        server = ServerProcess.start(config);
        proxyDirectory = Files.createDirectories(directory.resolve(proxyName));
        startProxy();
    }

    /** Starts the proxy again (after {@link #stopProxy}) on the same port, in front of the same server. */
    void startProxy() {
        proxy = starter.start(proxyDirectory, proxyPort, server.port());
    }

    void stopProxy() {
        proxy.close();
    }

    ServerProcess server() {
        return server;
    }

    int proxyPort() {
        return proxyPort;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        System.out.println("---- server output ----\n" + (server == null ? "(not started)" : server.output()));
        System.out.println("---- " + proxyName + " output ----\n" + (proxy == null ? "(not started)" : proxy.output()));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (proxy != null) {
            proxy.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
