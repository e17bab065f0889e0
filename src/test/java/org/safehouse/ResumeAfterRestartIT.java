package org.safehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.ServerProcesses;
import org.safehouse.testing.WsTestClient;

/**
 * The resume promise across a real restart of {@code java -jar} with SQLite history: a client that last saw a
 * message which left the window before the restart is told {@code recovered: false}; one inside it gets the rest.
 */
class ResumeAfterRestartIT {
    @TempDir
    Path directory;
    ServerProcess server;

    @RegisterExtension
    final ServerProcesses servers = ServerProcesses.forEachTest();

    ServerProcess start(Path config) {
        server = servers.keep("server", ServerProcess.start(config));
        return server;
    }

    void restart(Path config) {
        server.close();
        start(config);
    }

    /** Sends a Broadcast with a client id and waits for its Ack: then it is in the file. @return its id */
    static String sayDurably(WsTestClient client, String text) {
        client.send(Json.createObjectBuilder().add("msgType", "Broadcast").add("room", "den").add("text", text)
                .add("clientMsgId", "c-" + text).build().toString());
        return client.await(f -> "Ack".equals(WsTestClient.type(f)) && ("c-" + text).equals(f.getString(
                "clientMsgId", null))).getString("id");
    }

    static JsonObject resume(ServerProcess server, String nick, String since, String epoch) {
        try (WsTestClient client = WsTestClient.connect(server.webSocket("/chat"))) {
            client.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1).add("room", "den")
                    .add("nick", nick).add("since", since).add("epoch", epoch).build().toString());
            return client.await(f -> "Joined".equals(WsTestClient.type(f)));
        }
    }

    static List<String> texts(JsonObject joined) {
        return joined.getJsonArray("history").stream().map(JsonValue::asJsonObject).map(m -> m.getString("text"))
                .toList();
    }

    @Test
    void aResumeFromAMessageThatLeftTheWindowBeforeTheRestartIsNotRecovered() throws Exception {
        Path config = Files.writeString(directory.resolve("config.json"), """
                {"data_dir": "data", "history_storage": "sqlite", "rooms": [{"name": "den"}],
                 "limits": {"history_messages": 5, "messages_per_second": 1000, "message_burst": 1000}}
                """);
        start(config);
        List<String> ids = new ArrayList<>();
        String epoch;
        try (WsTestClient alice = WsTestClient.connect(server.webSocket("/chat"))) {
            epoch = alice.send(Json.createObjectBuilder().add("msgType", "Join").add("version", 1)
                    .add("room", "den").add("nick", "alice").build().toString())
                    .await(f -> "Joined".equals(WsTestClient.type(f))).getString("epoch");
            for (int i = 0; i < 9; i++) { // bob dropped after m2; m3 leaves the window of five
                ids.add(sayDurably(alice, "m" + i));
            }
        }
        assertFalse(resume(server, "bob", ids.get(2), epoch).getBoolean("recovered"), "before the restart");
        restart(config);

        JsonObject gap = resume(server, "bob", ids.get(2), epoch);
        assertEquals(epoch, gap.getString("epoch"));
        assertFalse(gap.getBoolean("recovered"), "after the restart too, before any new message");
        assertEquals(List.of("m4", "m5", "m6", "m7", "m8"), texts(gap));
        JsonObject within = resume(server, "carol", ids.get(6), epoch);
        assertTrue(within.getBoolean("recovered"));
        assertEquals(List.of("m7", "m8"), texts(within));
    }
}
