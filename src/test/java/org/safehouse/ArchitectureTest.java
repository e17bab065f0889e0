package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the arrows of ../shared/STYLE.md honest by scanning imports (and fully qualified names) in the sources:
 * jakarta.websocket and jakarta.servlet only in transport (and the launcher), in the container's entry point and in the
 * library's (embed), no Jetty outside the launcher, the library's in-process server and the transport's core writes, the Redis client (Lettuce,
 * Netty, Reactor) only in cluster, and each package importing only the packages of ours it may depend on. The composition
 * root (app) depends on everything and nothing on it: transport adapts the container and builds no core.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/safehouse");
    private static final Pattern OURS = Pattern.compile("\\borg\\.safehouse\\.(\\w+)\\.");
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "protocol", List.of(),
            "delivery", List.of(),
            "crypto", List.of(),
            "config", List.of("crypto", "protocol"),
            "core", List.of("protocol", "delivery", "crypto", "config"),
            "storage", List.of("core", "protocol", "crypto", "config"),
            "transport", List.of("core", "protocol", "delivery", "crypto", "config"),
            "cluster", List.of("core", "protocol", "delivery", "config", "storage"),
            "app", List.of("core", "protocol", "delivery", "crypto", "config", "storage", "transport", "cluster"),
            // The library's entry points (a container initializer, an in-process builder): like app's bootstrap.
            "embed", List.of("app", "core", "crypto", "config", "transport"));
    /** The container's entry point: the one class outside transport that reads the servlet context. */
    private static final Path ENTRY_POINT = MAIN.resolve("app/SafehouseBootstrap.java");
    /** The library's in-process server, which starts Jetty. */
    private static final Path EMBEDDED_JETTY = MAIN.resolve("embed/EmbeddedServer.java");
    /** The transport's one Jetty-aware class: frames through Jetty's core session, linked only where Jetty is visible. */
    private static final Path JETTY_WRITES = MAIN.resolve("transport/JettyCoreWrites.java");
    /** The connector of java -jar and the embedding API that reads WebSocket messages on Jetty's selector thread. */
    private static final Path JETTY_SELECTOR_READS = MAIN.resolve("embed/SelectorReadingConnector.java");

    @Test
    void onlyTransportTouchesTheContainerApis() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources(MAIN)) {
            String text = Files.readString(file);
            String pkg = MAIN.relativize(file).getName(0).toString();
            boolean container = text.contains("jakarta.websocket") || text.contains("jakarta.servlet");
            if (container && !pkg.equals("transport") && !pkg.equals("embed") && !file.equals(ENTRY_POINT)) {
                offenders.add(file.toString());
            }
            if ((text.contains("io.micrometer") || text.contains("io.prometheus")) && !pkg.equals("transport")) {
                offenders.add(file + " (metrics library outside transport: report through core.ChatMetrics)");
            }
            if (text.contains("java.sql") && !pkg.equals("storage")) {
                offenders.add(file + " (JDBC outside storage)");
            }
            if ((text.contains("io.lettuce") || text.contains("io.netty") || text.contains("reactor.core"))
                    && !pkg.equals("cluster")) {
                offenders.add(file + " (Redis client outside cluster)");
            }
            boolean knowsJetty = file.equals(EMBEDDED_JETTY) || file.equals(JETTY_WRITES)
                    || file.equals(JETTY_SELECTOR_READS);
            if ((text.contains("org.eclipse.jetty") && !knowsJetty)
                    || text.contains("org.apache.catalina") || text.contains("org.glassfish.tyrus")) {
                offenders.add(file + " (container-specific classes)");
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void packagesDependOnlyOnWhatTheyMay() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources(MAIN)) {
            String pkg = MAIN.relativize(file).getName(0).toString();
            assertTrue(ALLOWED.containsKey(pkg), "a new package needs its allowed dependencies listed: " + pkg);
            Matcher uses = OURS.matcher(Files.readString(file));
            while (uses.find()) {
                String used = uses.group(1);
                if (!used.equals(pkg) && !ALLOWED.get(pkg).contains(used)) {
                    offenders.add(file.getFileName() + " (" + pkg + ") uses " + used);
                }
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void onlyTheCompositionRootBuildsTheServer() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources(MAIN)) {
            String pkg = MAIN.relativize(file).getName(0).toString();
            String text = Files.readString(file);
            boolean builds = text.contains("new ChatServer(") || text.contains("new InMemoryBroker(")
                    || text.contains("SqliteHistoryStore.open(") || text.contains("SqliteRoomCatalog.open(");
            if (builds && !pkg.equals("app")) {
                offenders.add(file.getFileName() + " (" + pkg + ") builds the core, broker or stores");
            }
        }
        assertEquals(List.of(), offenders);
    }

    @Test
    void everyPackageSaysItsJob() {
        for (String pkg : ALLOWED.keySet()) {
            assertTrue(Files.exists(MAIN.resolve(pkg).resolve("package-info.java")), pkg + " has no package-info");
        }
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }
}
