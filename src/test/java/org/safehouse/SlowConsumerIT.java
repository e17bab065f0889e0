package org.safehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.SlowConsumerScenario;

/**
 * A client that stops reading, on {@code java -jar} over real sockets: the moment its queue overflows it leaves its
 * room (its neighbours see it gone within a second or two, not after the ~35 s a polite close behind its backlog
 * took), and its socket is aborted rather than closed behind megabytes it will never read.
 */
class SlowConsumerIT {
    @TempDir
    static Path directory;
    private static ServerProcess server;

    @RegisterExtension
    static final ServerProcesses SERVERS = ServerProcesses.forTheClass();

    @BeforeAll
    static void startServer() throws IOException {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"limits": {"presence_interval_ms": 50, "messages_per_second": 5000, "message_burst": 5000,
                            "outbound_queue_bytes": 262144}}
                """);
        server = SERVERS.keep("server", ServerProcess.start(config));
    }

    @Test
    void aClientThatStopsReadingLeavesItsRoomTheMomentItsQueueOverflowsAndItsSocketIsAborted() {
        long millis = SlowConsumerScenario.run(server.webSocket("/chat"), server::output, "den");
        System.out.println("the neighbours saw the slow client leave " + millis + " ms after its eviction");
    }
}
