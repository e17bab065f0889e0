package org.safehouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.safehouse.testing.WsTestClient;

/**
 * What a Ragnarok client finds at a deployment's root ({@code ws://host:port/}, or the context root where the WAR is
 * not the root application): a WebSocket upgrade there is the Ragnarok endpoint, it joins the default room and chats,
 * and a plain GET of the same URL still serves the page.
 */
public final class RagnarokAtRoot {
    private RagnarokAtRoot() {
    }

    /**
     * @param root     the WebSocket URL of the context root, ending in {@code /}
     * @param page     the http(s) URL of the same root
     * @param password the default room's password (anything if it has none)
     */
    public static void run(URI root, URI page, HttpClient client, String serverName, String password)
            throws Exception {
        try (WsTestClient ragnar = WsTestClient.connect(root, null, client)) {
            ragnar.send(password).send("rootragnar");
            assertEquals(serverName, ragnar.await(f -> f.containsKey("ServerName")).getString("ServerName"));
            ragnar.awaitType("OnlineUsers");
            ragnar.send("{\"msgType\":\"Broadcast\",\"SrcUser\":\"rootragnar\",\"text\":\"hello from the root\"}");
            assertEquals("hello from the root", ragnar.awaitType("Broadcast").getString("text"));
        }
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(page).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "a plain GET of the root");
        assertTrue(response.body().contains("<html") || response.body().contains("<!DOCTYPE html"),
                "the page: " + response.body().substring(0, Math.min(200, response.body().length())));
    }
}
