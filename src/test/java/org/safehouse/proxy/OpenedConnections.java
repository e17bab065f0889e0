package org.safehouse.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.safehouse.testing.ServerProcess;

/**
 * The addresses a server logged for each WebSocket it opened ("client", or "client via proxy"), read from its
 * output. The log line of a connection may reach the test a little after the connection's first frame (the server
 * writes its log on a thread of its own), so this waits, bounded, until at least as many lines as expected are there.
 */
final class OpenedConnections {
    private static final Pattern OPENED = Pattern.compile("WebSocket opened from (\\S+)( via trusted proxy (\\S+))?");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private OpenedConnections() {
    }

    static List<String> seen(ServerProcess server, int atLeast) {
        server.awaitOutput(Pattern.compile("(?:WebSocket opened from [\\s\\S]*?){" + atLeast + "}"), WAIT);
        List<String> seen = new ArrayList<>();
        Matcher matcher = OPENED.matcher(server.output());
        while (matcher.find()) {
            seen.add(matcher.group(3) == null ? matcher.group(1) : matcher.group(1) + " via " + matcher.group(3));
        }
        return seen;
    }
}
