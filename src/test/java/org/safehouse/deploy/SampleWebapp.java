package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.safehouse.testing.WsTestClient;

/**
 * The sample application of src/test/sample-webapp, deployed as a directory with the freshly built
 * {@code safehouse-lib.jar} and Safehouse's dependencies (those of the built WAR's WEB-INF/lib) in its WEB-INF/lib,
 * and what every container must show of it: the application's own page untouched, Safehouse's page, health and chat
 * under the path its web.xml chose ({@value #PATH}).
 */
final class SampleWebapp {
    /** The sample's safehouse.path. */
    static final String PATH = "/support/chat";
    static final String SERVER_NAME = "Sample application support";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private SampleWebapp() {
    }

    /** Writes the sample application into {@code directory} (created). */
    static void build(Path directory) throws IOException {
        Distributions.copyTree(Path.of("src/test/sample-webapp"), directory, Set.of());
        Path lib = Files.createDirectories(directory.resolve("WEB-INF/lib"));
        Files.copy(libJar(), lib.resolve("safehouse-lib.jar"));
        try (ZipInputStream war = new ZipInputStream(Files.newInputStream(Distributions.war()))) {
            for (ZipEntry entry = war.getNextEntry(); entry != null; entry = war.getNextEntry()) {
                String name = entry.getName();
                if (name.startsWith("WEB-INF/lib/") && name.endsWith(".jar")) {
                    Files.copy(war, lib.resolve(name.substring("WEB-INF/lib/".length())));
                }
            }
        }
    }

    /** The freshly built library: the {@code safehouse.libJar} system property (set by failsafe). */
    static Path libJar() {
        Path jar = Path.of(System.getProperty("safehouse.libJar", "target/safehouse-lib.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: run `mvn verify`");
        }
        return jar;
    }

    /** The application's root as deployed, e.g. {@code http://127.0.0.1:8080/sample}. */
    static void assertServed(String application) throws Exception {
        HttpResponse<String> own = get(application + "/");
        assertEquals(200, own.statusCode());
        assertTrue(own.body().contains("<h1>Sample application</h1>"), "the application's page is its own");
        assertFalse(own.headers().firstValue("Content-Security-Policy").isPresent(),
                "Safehouse's headers stay on its own path");

        HttpResponse<String> page = get(application + PATH + "/");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<script type=\"module\" src=\"js/main.js\"></script>"), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").isPresent(), "Safehouse's page is guarded");
        HttpResponse<String> script = get(application + PATH + "/js/location.js");
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));

        HttpResponse<String> health = get(application + PATH + "/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"up\""), health.body());
    }

    /**
     * Two people chat through the sample's Safehouse: the deployments' scenario (Joined, Broadcast, a whisper, an
     * Error), then a Broadcast each way in a room of its own, greeted by the sample's server name.
     */
    static void assertChat(String application, String room) {
        URI chat = URI.create(application.replaceFirst("^http", "ws") + PATH + "/chat");
        ChatScenario.run(chat, HTTP, room);
        try (WsTestClient alice = WsTestClient.connect(chat); WsTestClient bob = WsTestClient.connect(chat)) {
            assertEquals(SERVER_NAME, alice.awaitType("Hello").getString("server"));
            alice.joinAndWait(room + "-both-ways", "alice", null);
            bob.joinAndWait(room + "-both-ways", "bob", null);
            alice.broadcast(room + "-both-ways", "hello bob");
            assertEquals("hello bob", bob.awaitType("Broadcast").getString("text"));
            bob.broadcast(room + "-both-ways", "hello alice");
            JsonObject atAlice = alice.await(frame -> "Broadcast".equals(WsTestClient.type(frame))
                    && "bob".equals(frame.getString("SrcUser", null)));
            assertEquals("hello alice", atAlice.getString("text"));
        }
    }

    static HttpResponse<String> get(String uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
