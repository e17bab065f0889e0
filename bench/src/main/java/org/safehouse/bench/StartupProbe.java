package org.safehouse.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.safehouse.bench.client.ClientConnection;
import org.safehouse.bench.client.ClientPool;
import org.safehouse.bench.client.ConnectionListener;
import org.safehouse.bench.client.SourceAddresses;

/**
 * Start-up time, generator side: warms up, writes the ready file, then tries a /chat connection every 5 ms until one
 * is joined, and prints the wall-clock time (epoch nanoseconds) of that first Join. The script starts the server
 * after the ready file appears and subtracts its own start time.
 */
final class StartupProbe {
    private StartupProbe() {
    }

    static int run(Options options) throws Exception {
        URI uri = URI.create(options.required("url"));
        long timeoutMillis = options.integer("timeout", 60) * 1000L;
        ConnectionListener quiet = (connection, type, text, copy, nanos) -> { };
        try (ClientPool pool = new ClientPool(uri, 1, SourceAddresses.parse("none"), 1 << 20)) {
            String ready = options.string("ready-file", null);
            if (ready != null) {
                Files.writeString(Path.of(ready), "ready\n");
            }
            long deadline = System.currentTimeMillis() + timeoutMillis;
            int attempt = 0;
            while (System.currentTimeMillis() < deadline) {
                ClientConnection connection = new ClientConnection(attempt, "startup-probe", "probe" + attempt++,
                        quiet);
                pool.connect(connection);
                try {
                    connection.joined().get(Math.max(1, deadline - System.currentTimeMillis()),
                            TimeUnit.MILLISECONDS);
                    Instant now = Instant.now();
                    System.out.println(now.getEpochSecond() * 1_000_000_000L + now.getNano());
                    connection.close();
                    connection.channel().closeFuture().awaitUninterruptibly(2000);
                    return 0;
                } catch (java.util.concurrent.ExecutionException e) {
                    Thread.sleep(5);
                } catch (java.util.concurrent.TimeoutException e) {
                    break;
                }
            }
            System.err.println("probe: no connection joined within " + timeoutMillis + " ms");
            return 1;
        }
    }
}
