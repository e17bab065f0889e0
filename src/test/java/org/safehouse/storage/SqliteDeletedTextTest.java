package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.safehouse.storage.SqliteServers.awaitAck;
import static org.safehouse.storage.SqliteServers.join;
import static org.safehouse.storage.SqliteServers.say;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.ChatServer;
import org.safehouse.storage.SqliteServers.Client;

/**
 * No message text survives in the SQLite files (the database, its rollback journal, a WAL or shared-memory file)
 * once retention deleted it: checked on the bytes of every file, while the server runs and after it stopped, with
 * texts long enough to spill into overflow pages and enough of them to split and merge pages.
 */
class SqliteDeletedTextTest {
    /** Files SQLite may write beside the database. */
    static final List<String> FILES = List.of("history.db", "history.db-journal", "history.db-wal",
            "history.db-shm");

    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    /** A text of the longest allowed length (4096 characters, spilling over several 4 KiB pages) around a marker. */
    static String longText(String marker) {
        String half = "lorem ipsum ".repeat(200);
        return half + marker + half.substring(0, 4096 - half.length() - marker.length());
    }

    @Test
    void longTextsDeletedByTheCountLimitLeaveNoTraceInAnyFileWhileRunningOrAfterStopping() throws Exception {
        ChatServer server = sqlite.startDen(",\"history_messages\":20");
        Client alice = join(server, "den", "alice", "");
        for (int i = 0; i < 40; i++) { // pages split, merge and are reused
            awaitAck(alice, say(alice, "den", longText("filler-" + i), "f" + i), new ArrayList<>());
        }
        List<String> markers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            markers.add("MARKER-count-" + i + "-q8Zr");
            awaitAck(alice, say(alice, "den", longText(markers.get(i)), "m" + i), new ArrayList<>());
        }
        sqlite.store.flush();
        for (String marker : markers) {
            assertEquals(List.of("history.db"), filesHolding(marker), "stored at first: the test can fail");
        }
        for (int i = 0; i < 20; i++) { // short ones push the markers out and reuse none of their pages
            awaitAck(alice, say(alice, "den", "short-" + i, "s" + i), new ArrayList<>());
        }
        sqlite.store.flush();
        for (String marker : markers) {
            assertEquals(List.of(), filesHolding(marker), "while the server runs");
        }
        assertEquals(List.of("history.db"), filesHolding("short-19"));
        assertEquals(List.of("history.db"), filesPresent(), "no journal, WAL or shm file lingers");

        sqlite.stop(server);
        for (String marker : markers) {
            assertEquals(List.of(), filesHolding(marker), "after stopping");
        }
        assertEquals(List.of("history.db"), filesPresent());
    }

    @Test
    void longTextsDeletedForTheirAgeLeaveNoTraceInAnyFile() throws Exception {
        ChatServer server = sqlite.startDen(",\"history_max_age_seconds\":3600");
        Client alice = join(server, "den", "alice", "");
        for (int i = 0; i < 5; i++) {
            awaitAck(alice, say(alice, "den", longText("MARKER-age-" + i + "-Wt4k"), "m" + i), new ArrayList<>());
        }
        sqlite.store.flush();
        assertEquals(List.of("history.db"), filesHolding("MARKER-age-4-Wt4k"), "stored at first");
        sqlite.clock.advance(3_600_000 + 61_000);
        awaitAck(alice, say(alice, "den", "recent", "r"), new ArrayList<>());
        sqlite.store.flush();
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), filesHolding("MARKER-age-" + i + "-Wt4k"), "while the server runs");
        }
        sqlite.stop(server);
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(), filesHolding("MARKER-age-" + i + "-Wt4k"), "after stopping");
        }
    }

    @Test
    void theFileKeepsARollbackJournalNotAWriteAheadLog() throws Exception {
        ChatServer server = sqlite.startDen("");
        sqlite.stop(server);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("history.db"));
             Statement sql = connection.createStatement();
             ResultSet mode = sql.executeQuery("PRAGMA journal_mode")) {
            assertTrue(mode.next());
            assertEquals("delete", mode.getString(1), "a persistent journal mode, not WAL: nothing to checkpoint");
        }
        assertFalse(Files.exists(dir.resolve("history.db-wal")));
    }

    /** The names of the store's files (of {@link #FILES}) whose bytes hold the text, in UTF-8. */
    List<String> filesHolding(String text) throws Exception {
        List<String> holding = new ArrayList<>();
        for (String name : FILES) {
            Path file = dir.resolve(name);
            if (Files.exists(file) && SqliteServers.indexOf(Files.readAllBytes(file), text).isPresent()) {
                holding.add(name);
            }
        }
        return holding;
    }

    List<String> filesPresent() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("history.db")).sorted()
                    .toList();
        }
    }
}
