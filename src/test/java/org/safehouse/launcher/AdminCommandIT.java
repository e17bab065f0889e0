package org.safehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.ServerProcess;
import org.safehouse.testing.WsTestClient;

/**
 * {@code java -jar safehouse.war admin ...} on the data dir of a stopped server: refused (exit 2) while the server
 * runs, then listing rooms, rotating a configured room's password, banning an address group, wiping every room's
 * history (the files hold none of it after) and deleting a kept room, all of which the next start honours.
 */
class AdminCommandIT {
    private static final Duration RUN = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private ServerProcess.Exit admin(Path config, String... command) {
        return adminWithInput(config, "", command);
    }

    private ServerProcess.Exit adminWithInput(Path config, String input, String... command) {
        String[] arguments = new String[command.length + 3];
        arguments[0] = "admin";
        arguments[1] = "--config";
        arguments[2] = config.toString();
        System.arraycopy(command, 0, arguments, 3, command.length);
        return ServerProcess.runWithInput(RUN, input, arguments);
    }

    @Test
    void refusedWhileTheServerRunsThenActsOnTheStoppedServersDataDir() throws Exception {
        Path config = Files.writeString(temp.resolve("config.json"), "{\"history_storage\": \"sqlite\","
                + " \"data_dir\": \"data\", \"rooms\": [{\"name\": \"den\", \"password\": \"old words\"}]}");
        try (ServerProcess server = ServerProcess.start(config);
             WsTestClient member = WsTestClient.connect(server.webSocket("/chat"))) {
            member.joinAndWait("attic", "ann", "attic words");
            member.send("{\"msgType\":\"Broadcast\",\"room\":\"attic\",\"text\":\"kept so the room stays\","
                    + "\"clientMsgId\":\"k1\"}");
            member.awaitType("Ack"); // stored: the room is kept
            ServerProcess.Exit refused = admin(config, "rooms");
            assertEquals(2, refused.code(), refused.output());
            assertTrue(refused.output().contains("stop it first"), refused.output());
            assertEquals(0, server.terminate(Duration.ofSeconds(15)), server.output());
        }

        ServerProcess.Exit rooms = admin(config, "rooms");
        assertEquals(0, rooms.code(), rooms.output());
        assertTrue(rooms.output().contains("den\tconfig"), rooms.output());
        assertTrue(rooms.output().contains("attic\tcreated"), rooms.output());

        ServerProcess.Exit rotated = adminWithInput(config, "new words 2\n", "rotate-password", "den");
        assertEquals(0, rotated.code(), rotated.output());
        assertFalse(rotated.output().contains("new words 2"), "the password is never printed or logged");
        ServerProcess.Exit banned = admin(config, "ban-address", "127.0.0.1", "--for", "2h", "--reason", "test");
        assertEquals(0, banned.code(), banned.output());
        ServerProcess.Exit bans = admin(config, "bans");
        assertTrue(bans.output().contains("\tcli\ttest"), bans.output());
        assertFalse(bans.output().contains("127.0.0.1"), "no address is kept or shown: " + bans.output());
        assertEquals(2, admin(config, "ban-address", "127.0.0.0/8").code(), "a ban covers one address group");
        assertEquals(2, admin(config, "wipe-all").code(), "a wipe needs --confirm");
        ServerProcess.Exit wiped = admin(config, "wipe-all", "--confirm");
        assertEquals(0, wiped.code(), wiped.output());
        List<Path> files;
        try (var listing = Files.list(temp.resolve("data"))) {
            files = listing.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.stream().anyMatch(file -> file.endsWith("history.db")), files.toString());
        for (Path file : files) {
            assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                    .contains("kept so the room stays"), file + " still holds a message after wipe-all");
        }
        assertTrue(admin(config, "rooms").output().contains("attic\tcreated"), "a wipe keeps the rooms");
        ServerProcess.Exit deleted = admin(config, "delete-room", "attic");
        assertEquals(0, deleted.code(), deleted.output());
        assertEquals(2, admin(config, "delete-room", "den").code(), "a configured room stays");
        assertFalse(admin(config, "rooms").output().contains("attic"));

        try (ServerProcess server = ServerProcess.start(config)) {
            try (WsTestClient bannedClient = WsTestClient.connect(server.webSocket("/chat"))) {
                assertEquals(4008, bannedClient.awaitClose(), "the ban and the secret outlived the restart");
            }
            assertTrue(server.terminate(Duration.ofSeconds(15)) == 0, server.output());
        }
        String id = banned.output().lines().filter(line -> line.matches("[0-9a-f]{16}")).findFirst().orElseThrow();
        assertEquals(0, admin(config, "unban-address", id).code());
        try (ServerProcess server = ServerProcess.start(config);
             WsTestClient member = WsTestClient.connect(server.webSocket("/chat"))) {
            member.join("den", "ann", "old words");
            member.awaitError("wrong_password");
            assertEquals("den", member.joinAndWait("den", "ann", "new words 2").getString("room"),
                    "the rotated password outranks config.json's");
            String again = member.joinAndWait("attic", "ann", "anything").toString();
            assertFalse(again.contains("kept so the room stays"), "the deleted room came back empty: " + again);
        }
        assertTrue(Pattern.compile("operator action rotate-password room=den actor=cli").matcher(rotated.output())
                .find(), rotated.output());
    }
}
