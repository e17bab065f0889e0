package org.safehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * The operator's /admin/ API over real HTTP on {@code java -jar}: off without admin_token, 401 without the right
 * Bearer token, and listing rooms and members, rotating a room's password and banning an address group server-wide
 * (4008 for its live connection) with it.
 */
class AdminApiIT {
    private static final String TOKEN = "it-admin-token-0123456789abcdef0123456789";
    private static final Duration READY = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> call(ServerProcess server, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.http(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ServerProcess ready(ServerProcess server) {
        assertTrue(server.awaitOutput(Pattern.compile("ready at"), READY) != null, server.output());
        return server;
    }

    @Test
    void withoutAnAdminTokenThereIsNoAdminApi() throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{}");
        try (ServerProcess server = ready(ServerProcess.start(config))) {
            assertEquals(404, call(server, "GET", "/admin/rooms", null, null).statusCode());
            assertEquals(404, call(server, "GET", "/admin/rooms", TOKEN, null).statusCode(),
                    "no token configured: no token opens it");
        }
    }

    @Test
    void theTokenOpensListingRotatingAndBanning() throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{\"admin_token\": \"" + TOKEN + "\","
                + " \"rooms\": [{\"name\": \"den\", \"password\": \"old words\"}]}");
        try (ServerProcess server = ready(ServerProcess.start(config));
             WsTestClient member = WsTestClient.connect(server.webSocket("/chat"))) {
            assertEquals(401, call(server, "GET", "/admin/rooms", null, null).statusCode());
            HttpResponse<String> wrong = call(server, "GET", "/admin/rooms", TOKEN + "x", null);
            assertEquals(401, wrong.statusCode());
            assertFalse(wrong.body().contains("den"), "a wrong token learns nothing");

            member.joinAndWait("den", "ann", "old words");
            HttpResponse<String> rooms = call(server, "GET", "/admin/rooms", TOKEN, null);
            assertEquals(200, rooms.statusCode(), rooms.body());
            JsonObject den = WsTestClient.parse(rooms.body()).getJsonArray("rooms").getValuesAs(JsonObject.class)
                    .stream().filter(room -> room.getString("name").equals("den")).findFirst().orElseThrow();
            assertEquals(1, den.getInt("membersOnline"));
            assertTrue(den.getBoolean("hasPassword"));
            assertTrue(den.getBoolean("fromConfig"));
            JsonObject detail = WsTestClient.parse(call(server, "GET", "/admin/rooms/den", TOKEN, null).body());
            assertEquals("ann", detail.getJsonArray("members").getJsonObject(0).getString("nick"));
            assertEquals("member", detail.getJsonArray("members").getJsonObject(0).getString("role"));
            assertEquals(404, call(server, "GET", "/admin/rooms/nowhere", TOKEN, null).statusCode());
            assertEquals(409, call(server, "DELETE", "/admin/rooms/den", TOKEN, null).statusCode(),
                    "a configured room is removed from config.json, not deleted");
            assertEquals(404, call(server, "DELETE", "/admin/rooms/nowhere", TOKEN, null).statusCode());

            HttpResponse<String> rotated = call(server, "POST", "/admin/rooms/den/password", TOKEN,
                    "{\"password\": \"new words 2\"}");
            assertEquals(200, rotated.statusCode(), rotated.body());
            try (WsTestClient late = WsTestClient.connect(server.webSocket("/chat"))) {
                late.join("den", "bob", "old words");
                late.awaitError("wrong_password");
                assertEquals("den", late.joinAndWait("den", "bob", "new words 2").getString("room"));
            }
            assertEquals(400, call(server, "POST", "/admin/rooms/den/password", TOKEN, "{\"password\": \"short\"}")
                    .statusCode());

            assertEquals(400, call(server, "POST", "/admin/bans", TOKEN, "{\"address\": \"127.0.0.0/8\"}")
                    .statusCode(), "a ban covers one address group");
            HttpResponse<String> banned = call(server, "POST", "/admin/bans", TOKEN,
                    "{\"address\": \"127.0.0.1\", \"reason\": \"test\"}");
            assertEquals(201, banned.statusCode(), banned.body());
            assertEquals(4008, member.awaitClose(), "the live connection of the banned group is closed");
            String id = WsTestClient.parse(banned.body()).getString("id");
            String list = call(server, "GET", "/admin/bans", TOKEN, null).body();
            assertTrue(list.contains(id), list);
            assertFalse(list.contains("127.0.0.1"), "no address in the ban list: " + list);
            assertFalse(server.output().contains(TOKEN), "the token is never logged");
            assertFalse(server.output().contains("new words 2"), "the password is never logged");
            assertEquals(200, call(server, "DELETE", "/admin/bans/" + id, TOKEN, null).statusCode());
            assertEquals(404, call(server, "DELETE", "/admin/bans/" + id, TOKEN, null).statusCode());
            try (WsTestClient back = WsTestClient.connect(server.webSocket("/chat"))) {
                assertEquals("den", back.joinAndWait("den", "ann", "new words 2").getString("room"));
                assertEquals(400, call(server, "POST", "/admin/wipe", TOKEN, "{\"confirm\": \"yes\"}").statusCode());
                HttpResponse<String> wiped = call(server, "POST", "/admin/wipe", TOKEN,
                        "{\"confirm\": \"wipe everything\"}");
                assertEquals(200, wiped.statusCode(), wiped.body());
                assertEquals(1, WsTestClient.parse(wiped.body()).getInt("membersRemoved"), wiped.body());
                assertEquals("wiped", back.awaitType("Removed").getString("reason"));
            }
        }
    }

    @Test
    void wrongTokensFromOneAddressAreThrottledEvenBeforeTheRightOne() throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{\"admin_token\": \"" + TOKEN + "\"}");
        try (ServerProcess server = ready(ServerProcess.start(config))) {
            for (int i = 0; i < 10; i++) {
                assertEquals(401, call(server, "GET", "/admin/rooms", "guess" + i, null).statusCode());
            }
            assertEquals(429, call(server, "GET", "/admin/rooms", "guess", null).statusCode());
            assertEquals(429, call(server, "GET", "/admin/rooms", TOKEN, null).statusCode(),
                    "throttled whatever it presents, so the throttle is no oracle");
        }
    }
}
