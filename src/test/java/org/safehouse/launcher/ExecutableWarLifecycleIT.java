package org.safehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.deploy.FreePorts;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * {@code java -jar safehouse.war} as a supervisor and a local user see it: --version and --check-config, where and how
 * the WAR is unpacked (a new owner-only directory, never one somebody prepared, removed on exit), no directory
 * listings, and a SIGTERM that tells clients 1001, keeps the history and exits 0 within 10 s.
 */
class ExecutableWarLifecycleIT {
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final Duration TERMINATION = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    @Test
    void versionPrintsTheVersionAndTheCommitItWasBuiltFrom() {
        ServerProcess.Exit exit = ServerProcess.run(RUN, "--version");
        assertEquals(0, exit.code(), exit.output());
        String commit = System.getProperty("safehouse.commit", "");
        assertTrue(commit.matches("[0-9a-f]{40}"), "the build knows its commit: \"" + commit + "\"");
        assertEquals("Safehouse " + System.getProperty("safehouse.version") + " (commit " + commit + ")",
                exit.output().strip());
    }

    @Test
    void checkConfigNamesTheOffendingKeyAndExitsNonZero() throws IOException {
        Path bad = Files.writeString(temp.resolve("bad.json"), "{\"limits\": {\"max_rooms\": -3}}");
        ServerProcess.Exit exit = ServerProcess.run(RUN, "--check-config", bad.toString());
        assertEquals(2, exit.code(), exit.output());
        assertTrue(exit.output().contains("limits.max_rooms"), exit.output());
        assertOneLineWithoutStackTrace(exit.output());

        Path unknown = Files.writeString(temp.resolve("unknown.json"), "{\"sever_port\": 8080}");
        exit = ServerProcess.run(RUN, "--check-config", unknown.toString());
        assertEquals(2, exit.code(), exit.output());
        assertTrue(exit.output().contains("sever_port: unknown key"), exit.output());
    }

    @Test
    void checkConfigSaysOkForAGoodConfigWithASchemaKey() throws IOException {
        Path good = Files.writeString(temp.resolve("good.json"),
                "{\"$schema\": \"./config.schema.json\", \"server_name\": \"Checked\", \"limits\": {\"max_rooms\": 5}}");
        ServerProcess.Exit exit = ServerProcess.run(RUN, "--check-config", good.toString());
        assertEquals(0, exit.code(), exit.output());
        assertEquals("ok: " + good, exit.output().strip());
        assertFalse(exit.output().contains("Safehouse listening"), "checks without starting: " + exit.output());
    }

    @Test
    void checkConfigRefusesTheExampleUntilItsPlaceholderPasswordIsChanged() {
        ServerProcess.Exit exit = ServerProcess.run(RUN, "--check-config", "config.json.example");
        assertEquals(2, exit.code(), exit.output());
        assertTrue(exit.output().contains("change me"), exit.output());
    }

    @Test
    void readsTheConfigOnceSoEachClearPasswordIsHashedOnce() throws IOException {
        Path config = Files.writeString(temp.resolve("config.json"), """
                {"server_password": "lobby words", "rooms": [{"name": "den", "password": "den words"}]}
                """);
        try (ServerProcess server = ServerProcess.start(config);
             WsTestClient member = WsTestClient.connect(server.webSocket("/chat"))) {
            assertNotEquals(null, server.awaitOutput(Pattern.compile("Safehouse \"Safehouse\" ready at"), RUN),
                    server.output());
            assertEquals(1, count(server.output(), "server_password: clear text, hashed with Argon2id"),
                    "Argon2id ran once for server_password (the launcher's load, handed to the webapp):\n"
                            + server.output());
            assertEquals(1, count(server.output(), "rooms[0].password: clear text, hashed with Argon2id"),
                    server.output());
            assertTrue(server.output().contains("using the config the launcher loaded"), server.output());
            assertEquals("den", member.joinAndWait("den", "member", "den words").getString("room"),
                    "the handed-over hash is the one joins are checked against");
        }
    }

    private static int count(String text, String line) {
        return text.split(Pattern.quote(line), -1).length - 1;
    }

    @Test
    void unpacksIntoANewOwnerOnlyDirectoryAndRemovesItOnExit() throws IOException {
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        // What a local attacker prepares: the directory the launcher used to reuse (its name was predictable),
        // with a marker page, and a world-writable safehouse-* directory.
        Path war = ServerProcess.war().toAbsolutePath();
        String oldName = "safehouse-" + System.getProperty("user.name") + "-" + Long.toHexString(Files.size(war))
                + "-" + Long.toHexString(Files.getLastModifiedTime(war).toMillis()) + "-"
                + Integer.toHexString(war.toString().hashCode());
        Path planted = Files.createDirectory(tmp.resolve(oldName));
        Files.writeString(planted.resolve(".complete"), "");
        Files.writeString(planted.resolve("index.html"), "PLANTED");
        Path open = Files.createDirectory(tmp.resolve("safehouse-open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));

        // Durable history, so that SQLite's native library is unpacked too.
        Path config = Files.writeString(temp.resolve("config.json"),
                "{\"history_storage\": \"sqlite\", \"data_dir\": \"data\"}");
        try (ServerProcess server = ServerProcess.start(List.of("-Djava.io.tmpdir=" + tmp), config, 0)) {
            List<Path> created = unpackDirectories(tmp).stream()
                    .filter(p -> !p.equals(planted) && !p.equals(open)).toList();
            assertEquals(1, created.size(), "one new directory: " + created);
            Path unpacked = created.get(0);
            assertEquals("rwx------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(unpacked, LinkOption.NOFOLLOW_LINKS)));
            assertEquals(System.getProperty("user.name"), Files.getOwner(unpacked).getName());
            assertTrue(Files.isRegularFile(unpacked.resolve("WEB-INF/web.xml")), "the WAR is in it");
            assertEquals(List.of(), listing(open), "the world-writable directory is left alone");
            HttpResponse<String> page = get(server, "/");
            assertEquals(200, page.statusCode());
            assertFalse(page.body().contains("PLANTED"), "the prepared directory is not served");

            assertEquals(0, server.terminate(TERMINATION), server.output());
            assertFalse(Files.exists(unpacked), "removed on exit; left: " + listing(tmp));
            assertEquals(List.of(planted, open).stream().sorted().toList(), listing(tmp),
                    "nothing else left in the temporary directory (Jetty's, SQLite's native library)");
        }
        assertTrue(Files.exists(planted.resolve("index.html")), "someone else's files are not touched");
    }

    @Test
    void removesAStaleDirectoryOfADeadRunButNotOneOfALiveRun() throws Exception {
        Path tmp = Files.createDirectory(temp.resolve("tmp"));
        Process finished = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, finished.waitFor());
        Path stale = Files.createDirectories(tmp.resolve("safehouse-1234/WEB-INF"));
        Files.writeString(stale.resolveSibling(".pid"), Long.toString(finished.pid()));
        Path live = Files.createDirectories(tmp.resolve("safehouse-5678"));
        Files.writeString(live.resolve(".pid"), Long.toString(ProcessHandle.current().pid()));

        Path config = Files.writeString(temp.resolve("config.json"), "{}");
        try (ServerProcess server = ServerProcess.start(List.of("-Djava.io.tmpdir=" + tmp), config, 0)) {
            assertFalse(Files.exists(stale.getParent()), "the dead run's directory is gone: " + listing(tmp));
            assertTrue(Files.exists(live.resolve(".pid")), "the live run's directory stays");
            assertEquals(0, server.terminate(TERMINATION), server.output());
        }
    }

    @Test
    void refusesATemporaryDirectoryOthersCanWriteWithoutTheStickyBitInOneLine() throws IOException {
        Path tmp = Files.createDirectory(temp.resolve("shared"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        ServerProcess.Exit exit = ServerProcess.run(List.of("-Djava.io.tmpdir=" + tmp), RUN,
                "--host", "127.0.0.1", "--port", "0");
        assertEquals(1, exit.code(), exit.output());
        assertTrue(exit.output().startsWith("safehouse: cannot unpack the WAR: " + tmp
                + " is writable by other users and not sticky"), exit.output());
        assertOneLineWithoutStackTrace(exit.output());
        assertEquals(List.of(), listing(tmp), "nothing unpacked there");
    }

    @Test
    void noDirectoryListings() throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{}");
        try (ServerProcess server = ServerProcess.start(config)) {
            for (String directory : List.of("/js/", "/css/")) {
                HttpResponse<String> response = get(server, directory);
                assertNotEquals(200, response.statusCode(), directory + " answered: " + response.body());
                assertFalse(response.body().contains(".js") || response.body().contains(".css"),
                        directory + " lists files: " + response.body());
            }
            assertEquals(200, get(server, "/").statusCode(), "the page itself is served");
        }
    }

    @Test
    void sigtermClosesClientsWith1001KeepsTheHistoryAndExitsZeroWithinTenSeconds() throws IOException {
        int port = FreePorts.pick(1)[0];
        Path config = Files.writeString(temp.resolve("config.json"), """
                {"history_storage": "sqlite", "data_dir": "data", "rooms": [{"name": "den"}]}
                """);
        ServerProcess server = ServerProcess.start(config, port);
        try (server;
             WsTestClient speaker = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient listener = WsTestClient.connect(server.webSocket("/ragnarok"))) {
            listener.send("").send("listener");
            listener.awaitType("OnlineUsers");
            speaker.joinAndWait("den", "speaker", null);
            speaker.broadcast("den", "said before the stop");
            speaker.awaitType("Broadcast"); // stored: the server has sequenced it

            long start = System.nanoTime();
            int status = server.terminate(TERMINATION);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(0, status, server.output());
            assertTrue(took.compareTo(TERMINATION) < 0, "stopped in " + took);
            assertEquals(1001, speaker.awaitClose(), "told the /chat client it is going away");
            assertEquals(1001, listener.awaitClose(), "told the /ragnarok client it is going away");
            assertFalse(server.output().contains("\tat "), "no stack trace:\n" + server.output());
        }
        try (ServerProcess restarted = ServerProcess.start(config, port);
             WsTestClient reader = WsTestClient.connect(restarted.webSocket("/chat"))) {
            JsonObject joined = reader.joinAndWait("den", "reader", null);
            List<String> texts = joined.getJsonArray("history").getValuesAs(JsonValue::asJsonObject).stream()
                    .map(message -> message.getString("text")).toList();
            assertEquals(List.of("said before the stop"), texts, "the history outlived the stop: " + joined);
        }
    }

    private static void assertOneLineWithoutStackTrace(String output) {
        assertEquals(1, output.strip().lines().count(), "one line:\n" + output);
        assertTrue(output.startsWith("safehouse: "), output);
    }

    private static List<Path> unpackDirectories(Path tmp) throws IOException {
        try (Stream<Path> children = Files.list(tmp)) {
            return children.filter(p -> p.getFileName().toString().startsWith("safehouse-")).sorted().toList();
        }
    }

    private static List<Path> listing(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.sorted().toList();
        }
    }

    private static HttpResponse<String> get(ServerProcess server, String path) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(WsTestClient.WAIT).build();
        try {
            return http.send(HttpRequest.newBuilder(server.http(path)).timeout(WsTestClient.WAIT).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
