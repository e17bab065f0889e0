package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * {@code java -jar} as a supervisor and a Prometheus server see it: /health, /metrics with its access rules over real
 * HTTP, and logs that name the client's address but never a message's text or a password, as text or JSON lines.
 */
class MonitoringIT {
    private static final String TOKEN = "it-metrics-token-6b1f0c2d9e8a7f65";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path directory;
    private ServerProcess server;
    private final List<WsTestClient> clients = new java.util.ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        if (server != null) {
            server.close();
        }
    }

    private ServerProcess start(String json) throws Exception {
        server = ServerProcess.start(Files.writeString(directory.resolve("config.json"), json));
        return server;
    }

    private WsTestClient connect(String path) {
        WsTestClient client = WsTestClient.connect(server.webSocket(path));
        clients.add(client);
        return client;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersAnyoneMetricsOnlyLoopbackOrTheToken() throws Exception {
        start("{\"server_port\": 0, \"metrics_token\": \"" + TOKEN + "\"}");
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonObject report = WsTestClient.parse(health.body());
        assertEquals("up", report.getString("status"));
        assertTrue(report.getString("version").matches("\\d+\\.\\d+\\.\\d+.*"), health.body());
        assertEquals(1, report.getInt("rooms"));
        assertEquals(0, report.getInt("connections"));

        WsTestClient ann = connect("/chat");
        ann.joinAndWait("lobby", "ann", null);
        ann.broadcast("lobby", "hello");
        ann.awaitType("Broadcast");
        WsTestClient legacy = connect("/ragnarok");
        legacy.send("any password");
        legacy.send("bob");
        ann.await(f -> "Presence".equals(WsTestClient.type(f)) && f.toString().contains("bob"));
        assertEquals(2, WsTestClient.parse(get("/health").body()).getInt("connections"));

        HttpResponse<String> local = get("/metrics");
        assertEquals(200, local.statusCode(), "loopback, directly");
        assertTrue(local.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        for (String line : List.of("safehouse_connections{endpoint=\"chat\"} 1.0",
                "safehouse_connections{endpoint=\"ragnarok\"} 1.0", "safehouse_joins_total{endpoint=\"chat\"} 1.0",
                "safehouse_joins_total{endpoint=\"ragnarok\"} 1.0", "safehouse_rooms 1.0")) {
            assertTrue(local.body().contains(line + "\n"), () -> line + " missing:\n" + local.body());
        }
        assertTrue(local.body().matches("(?s).*\\nsafehouse_deliveries_out_total [1-9].*"), local.body());
        assertTrue(local.body().contains("jvm_memory_used_bytes{"));
        assertTrue(local.body().contains("jvm_gc_"));

        HttpResponse<String> proxied = get("/metrics", "X-Forwarded-For", "203.0.113.7");
        assertEquals(403, proxied.statusCode(), "through a proxy, a loopback peer says nothing about the client");
        assertFalse(proxied.body().contains("safehouse_"));
        assertEquals(403, get("/metrics", "Forwarded", "for=203.0.113.7", "Authorization", "Bearer wrong-token")
                .statusCode());
        assertEquals(403, get("/metrics", "X-Forwarded-For", "203.0.113.7", "Authorization",
                "Bearer " + TOKEN.substring(0, TOKEN.length() - 1)).statusCode());
        HttpResponse<String> withToken = get("/metrics", "X-Forwarded-For", "203.0.113.7", "Authorization",
                "Bearer " + TOKEN);
        assertEquals(200, withToken.statusCode());
        assertTrue(withToken.body().contains("safehouse_messages_in_total"));
        // The server writes its log on a thread of its own: wait (bounded) for the refusals' line before reading.
        Pattern refused = Pattern.compile(Pattern.quote("refused /metrics addr=127.0.0.1 forwarded=true"));
        assertTrue(server.awaitOutput(refused, Duration.ofSeconds(10)) != null, server.output());
        assertFalse(server.output().contains(TOKEN), "the token is never logged");
    }

    @Test
    void jsonLogsNameTheAddressAndNeverTextOrPasswords() throws Exception {
        String roomPassword = "marker-room-password-4c1d";
        start("{\"server_port\": 0, \"log_format\": \"json\", \"server_password\": \"marker-legacy-password-77aa\", "
                + "\"rooms\": [{\"name\": \"vault\", \"password\": \"" + roomPassword + "\"}]}");
        WsTestClient ann = connect("/chat");
        ann.join("vault", "ann", "marker-wrong-password-9e2b");
        ann.awaitError("wrong_password");
        ann.joinAndWait("vault", "ann", roomPassword);
        ann.joinAndWait("made-up-room", "ann", "marker-new-room-password-1f0e");
        WsTestClient cat = connect("/chat");
        cat.joinAndWait("vault", "cat", roomPassword);
        ann.broadcast("vault", "marker-message-text-3b5a");
        cat.await(f -> "Broadcast".equals(WsTestClient.type(f)));
        ann.privateMessage("vault", "cat", "marker-private-text-8d6c");
        cat.await(f -> "PrivateMessage".equals(WsTestClient.type(f)));
        WsTestClient legacy = connect("/ragnarok");
        legacy.send("marker-legacy-wrong-5a5a");
        legacy.awaitClose();
        HttpResponse<String> metrics = get("/metrics");
        assertTrue(metrics.body().contains("safehouse_join_refusals_total{reason=\"wrong_password\"} 2.0"),
                metrics.body());
        server.close();

        String output = server.output();
        for (String marker : List.of("marker-room-password", "marker-legacy-password", "marker-wrong-password",
                "marker-new-room-password", "marker-message-text", "marker-private-text", "marker-legacy-wrong")) {
            assertFalse(output.contains(marker), () -> marker + " was logged:\n" + output);
        }
        int events = 0;
        for (String line : output.split("\n")) {
            if (line.startsWith("Safehouse listening on ")) {
                continue; // the start-up line for a person, on standard output
            }
            JsonObject event = WsTestClient.parse(line); // fails on any line that is not one JSON object
            assertTrue(event.containsKey("time") && event.containsKey("level") && event.containsKey("logger")
                    && event.containsKey("message"), line);
            events++;
        }
        assertTrue(events > 3, output);
        assertTrue(output.contains("\"logger\":\"org.eclipse.jetty.server.Server\",\"message\":\"Stopped "),
                "what is logged while stopping on SIGTERM is kept:\n" + output);
        assertTrue(output.lines().anyMatch(line -> line.contains("\"message\":\"join refused reason=wrong_password "
                + "addr=127.0.0.1 room=vault\"") && line.contains("\"addr\":\"127.0.0.1\"")
                && line.contains("\"room\":\"vault\"") && line.contains("\"reason\":\"wrong_password\"")), output);
    }
}
