package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.testing.Frames.assertError;
import static org.safehouse.testing.Frames.assertFrame;
import static org.safehouse.testing.Frames.assertFreshJoined;
import static org.safehouse.testing.Frames.assertStamped;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * The built WAR started with {@code java -jar} and driven over real WebSockets on loopback: a Ragnarok client, a
 * modern client in two rooms, a client that never reads, and the command line. Error and close codes are in
 * {@link ExecutableWarErrorsIT}.
 */
class ExecutableWarIT {
    private static final int SLOW_TEXT_CHARS = 8000;
    private static final int SLOW_MESSAGES = 2000; // 16 MB: far more than loopback TCP buffers and the queue hold

    @TempDir
    static Path directory;
    private static ServerProcess server;

    @RegisterExtension
    static final ServerProcesses SERVERS = ServerProcesses.forTheClass();

    @BeforeAll
    static void startServer() throws IOException {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"server_name": "Safehouse IT",
                 "server_password": "open sesame",
                 "limits": {"presence_interval_ms": 50, "messages_per_second": 5000, "message_burst": 5000,
                            "max_text_chars": 10000, "outbound_queue_bytes": 524288}}
                """);
        server = SERVERS.keep("server", ServerProcess.start(config));
    }

    @Test
    void ragnarokClientChatsInTheDefaultRoom() {
        try (WsTestClient ragnar = WsTestClient.connect(server.webSocket("/ragnarok"));
             WsTestClient modern = WsTestClient.connect(server.webSocket("/chat"))) {
            ragnar.send("open sesame").send("ragnar");
            assertFrame("{'ServerName':'Safehouse IT'}", ragnar.await(f -> f.containsKey("ServerName")));
            assertFrame("{'msgType':'OnlineUsers','room':'lobby','Users':['ragnar']}", ragnar.awaitType("OnlineUsers"));

            assertFreshJoined("{'msgType':'Joined','room':'lobby','title':'Safehouse IT','nick':'modern',"
                    + "'users':['ragnar','modern'],'password':true}", modern.joinAndWait("lobby", "modern",
                    "open sesame"));
            assertFrame("{'msgType':'OnlineUsers','room':'lobby','Users':['ragnar','modern']}",
                    ragnar.await(f -> "OnlineUsers".equals(WsTestClient.type(f))
                            && f.getJsonArray("Users").size() == 2));

            long before = System.currentTimeMillis();
            ragnar.send("{\"msgType\":\"Broadcast\",\"SrcUser\":\"mallory\",\"text\":\"hello from ragnarok\"}");
            String broadcast = "{'msgType':'Broadcast','room':'lobby','SrcUser':'ragnar','text':'hello from ragnarok'}";
            long id = assertStamped(broadcast, ragnar.awaitType("Broadcast"), before, System.currentTimeMillis());
            assertEquals(id, assertStamped(broadcast, modern.awaitType("Broadcast"), before,
                    System.currentTimeMillis()));

            before = System.currentTimeMillis();
            ragnar.send("{\"msgType\":\"PrivateMessage\",\"SrcUser\":\"mallory\",\"TgtUser\":\"modern\","
                    + "\"text\":\"psst\"}");
            assertStamped("{'msgType':'PrivateMessage','room':'lobby','SrcUser':'ragnar','text':'psst'}",
                    modern.awaitType("PrivateMessage"), before, System.currentTimeMillis());
            modern.privateMessage("lobby", "ragnar", "psst back");
            assertStamped("{'msgType':'PrivateMessage','room':'lobby','SrcUser':'modern','text':'psst back'}",
                    ragnar.awaitType("PrivateMessage"), before, System.currentTimeMillis());
            // A Ragnarok sender gets no copy of its private message: the next chat frame it sees is this one.
            ragnar.send("{\"msgType\":\"Broadcast\",\"text\":\"marker\"}");
            assertEquals("marker", ragnar.await(f -> f.containsKey("text")).getString("text"));
        }
    }

    @Test
    void ragnarokClientAtTheRootJoinsAndChatsAndAPlainGetStillServesThePage() throws Exception {
        // A server of its own, so this chat stays out of the other tests' lobby history.
        Path config = Files.writeString(directory.resolve("root-config.json"), """
                {"server_name": "Safehouse at the root", "server_password": "open sesame"}
                """);
        try (ServerProcess root = ServerProcess.start(config)) {
            org.safehouse.deploy.RagnarokAtRoot.run(root.webSocket("/"), root.http("/"),
                    java.net.http.HttpClient.newHttpClient(), "Safehouse at the root", "open sesame");
            org.safehouse.deploy.RagnarokAtRoot.run(root.webSocket("/ragnarok"), root.http("/"),
                    java.net.http.HttpClient.newHttpClient(), "Safehouse at the root", "open sesame");
        }
    }

    @Test
    void ragnarokClientWithWrongPasswordOrTakenNameIsClosed() {
        try (WsTestClient guesser = WsTestClient.connect(server.webSocket("/ragnarok"))) {
            guesser.send("not the password");
            assertError("wrong_password", "lobby", guesser.awaitType("Error"));
            assertEquals(4005, guesser.awaitClose());
        }
        try (WsTestClient first = WsTestClient.connect(server.webSocket("/ragnarok"));
             WsTestClient second = WsTestClient.connect(server.webSocket("/ragnarok"))) {
            first.send("open sesame").send("Twin");
            first.awaitType("OnlineUsers");
            second.send("open sesame").send("TWIN");
            assertError("name_taken", "lobby", second.awaitType("Error"));
            assertEquals(4006, second.awaitClose());
            assertFalse(first.isClosed());
        }
    }

    @Test
    void modernClientInTwoRoomsAtOnce() {
        try (WsTestClient ann = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient ben = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient cat = WsTestClient.connect(server.webSocket("/chat"))) {
            assertFreshJoined("{'msgType':'Joined','room':'red','title':'red','nick':'ann','users':['ann']}",
                    ann.joinAndWait("red", "ann", null));
            assertFreshJoined("{'msgType':'Joined','room':'blue','title':'blue','nick':'ann','users':['ann']}",
                    ann.joinAndWait("blue", "ann", null));
            assertFreshJoined("{'msgType':'Joined','room':'red','title':'red','nick':'ben','users':['ann','ben']}",
                    ben.joinAndWait("red", "ben", null));
            assertFreshJoined("{'msgType':'Joined','room':'blue','title':'blue','nick':'cat','users':['ann','cat']}",
                    cat.joinAndWait("blue", "cat", null));
            assertEquals(Map.of("red", Set.of("ann", "ben"), "blue", Set.of("ann", "cat")), ann.awaitMembers(
                    Map.of("red", List.of("ann"), "blue", List.of("ann")),
                    Map.of("red", Set.of("ann", "ben"), "blue", Set.of("ann", "cat"))));

            long before = System.currentTimeMillis();
            ann.broadcast("red", "to red");
            ann.broadcast("blue", "to blue");
            String red = "{'msgType':'Broadcast','room':'red','SrcUser':'ann','text':'to red'}";
            String blue = "{'msgType':'Broadcast','room':'blue','SrcUser':'ann','text':'to blue'}";
            assertStamped(red, ann.awaitType("Broadcast"), before, System.currentTimeMillis());
            assertStamped(blue, ann.awaitType("Broadcast"), before, System.currentTimeMillis());
            assertStamped(red, ben.awaitType("Broadcast"), before, System.currentTimeMillis());
            assertStamped(blue, cat.awaitType("Broadcast"), before, System.currentTimeMillis());
            // Queues are first in, first out: had ben been sent "to blue", it would come before his own marker.
            ben.broadcast("red", "ben's marker");
            assertEquals("ben's marker", ben.awaitType("Broadcast").getString("text"));
            cat.broadcast("blue", "cat's marker");
            assertEquals("cat's marker", cat.awaitType("Broadcast").getString("text"));

            ann.send("{\"msgType\":\"Leave\",\"room\":\"red\"}");
            assertFrame("{'msgType':'Left','room':'red'}", ann.awaitType("Left"));
            assertEquals(Set.of("ben"), ben.awaitMembers("red", List.of("ann", "ben"), Set.of("ben")));
            ann.broadcast("red", "after leaving");
            assertError("not_in_room", "red", ann.awaitType("Error"));
            ann.broadcast("blue", "still in blue");
            assertEquals("still in blue", cat.awaitType("Broadcast").getString("text"));
        }
    }

    @Test
    void clientThatNeverReadsHoldsUpNobodyAndIsDropped() {
        try (WsTestClient talker = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient watcher = WsTestClient.connect(server.webSocket("/chat"));
             WsTestClient sloth = WsTestClient.connect(server.webSocket("/chat"))) {
            talker.joinAndWait("slow", "talker", null);
            watcher.joinAndWait("slow", "watcher", null);
            sloth.joinAndWait("slow", "sloth", null);
            watcher.awaitMembers("slow", List.of("talker", "watcher"), Set.of("talker", "watcher", "sloth"));
            sloth.stopReading();

            String padding = "x".repeat(SLOW_TEXT_CHARS - 6);
            for (int i = 0; i < SLOW_MESSAGES; i++) {
                talker.broadcast("slow", String.format("%05d ", i) + padding);
            }
            // The sloth leaves while the flood goes on (SlowConsumerIT): keep the Presence frames among the messages.
            Set<String> members = new java.util.TreeSet<>(Set.of("talker", "watcher", "sloth"));
            for (int i = 0; i < SLOW_MESSAGES; i++) {
                JsonObject next = watcher.await(f -> Set.of("Broadcast", "Presence").contains(WsTestClient.type(f)));
                while ("Presence".equals(WsTestClient.type(next))) {
                    next.getJsonArray("joined").getValuesAs(jakarta.json.JsonString::getString).forEach(members::add);
                    next.getJsonArray("left").getValuesAs(jakarta.json.JsonString::getString)
                            .forEach(members::remove);
                    next = watcher.await(f -> Set.of("Broadcast", "Presence").contains(WsTestClient.type(f)));
                }
                assertEquals(String.format("%05d", i), next.getString("text").substring(0, 5),
                        "the watcher gets every message, in order");
                assertEquals(String.format("%05d", i), talker.awaitType("Broadcast").getString("text").substring(0, 5));
            }

            sloth.resumeReading(); // what it had not read is still in TCP buffers
            int code = sloth.awaitClose(Duration.ofSeconds(30));
            // Aborted (Jetty: no close frame, so an error; SlowConsumerIT), or 4002 where a container cannot abort.
            assertTrue(code == -1 || code == 1006 || code == 4002, "the slow client's connection ended: " + code);
            List<String> texts = new ArrayList<>();
            for (String raw : sloth.drainNow()) {
                JsonObject frame = WsTestClient.parse(raw);
                if (frame != null && "Broadcast".equals(WsTestClient.type(frame))) {
                    texts.add(frame.getString("text").substring(0, 5));
                }
            }
            assertTrue(texts.size() < SLOW_MESSAGES, "it was closed before getting everything: " + texts.size());
            for (int i = 0; i < texts.size(); i++) {
                assertEquals(String.format("%05d", i), texts.get(i), "what it got is a prefix, in order");
            }
            assertEquals(Set.of("talker", "watcher"), watcher.awaitMembers("slow", members,
                    Set.of("talker", "watcher")));
            System.out.println("the slow client got " + texts.size() + " of " + SLOW_MESSAGES + " messages");
        }
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        ServerProcess.Exit exit = ServerProcess.run(Duration.ofSeconds(60), "--help");
        assertEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("Usage: java -jar safehouse.war"), exit.output());
        for (String option : List.of("--config", "--host", "--port", "--help")) {
            assertTrue(exit.output().contains(option), option + " explained in:\n" + exit.output());
        }
    }

    @Test
    void badConfigStopsStartUpNamingTheKey() throws IOException {
        Path bad = Files.writeString(directory.resolve("bad.json"), "{\"limits\": {\"max_text_chars\": \"x\"}}");
        ServerProcess.Exit exit = ServerProcess.run(Duration.ofSeconds(60),
                "--host", "127.0.0.1", "--port", "0", "--config", bad.toString());
        assertNotEquals(0, exit.code(), exit.output());
        assertTrue(exit.output().contains("limits.max_text_chars"), exit.output());
        assertFalse(exit.output().contains("Safehouse listening"), exit.output());
    }

    @Test
    void launcherClassesAndWebInfAreNotServed() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(WsTestClient.WAIT).build();
        for (String path : List.of("/org/safehouse/launcher/Main.class",
                "/org/safehouse/launcher/EmbeddedJetty.class", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF")) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(server.http(path))
                    .timeout(WsTestClient.WAIT).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(response.statusCode() == 403 || response.statusCode() == 404,
                    path + " answered " + response.statusCode());
        }
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(server.http("/")).timeout(WsTestClient.WAIT)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), "the web client is served");
    }
}
