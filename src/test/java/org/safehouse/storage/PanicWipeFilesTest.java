package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.HistoryStore.StoredMessage;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.core.HistoryStore.StoredRoom;
import org.safehouse.core.ProvenIdentity;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * A purge (a room's or the server's panic wipe) leaves none of the room's texts and private messages in any file of
 * the data directory: canaries long enough to spill into overflow pages are written with the real SQLite store, found
 * in the files first (so the search can fail), purged, and then searched for in every file, byte for byte, while the
 * store runs and after it closed.
 */
class PanicWipeFilesTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final SqliteServers sqlite = new SqliteServers(() -> dir);

    private static final ProvenIdentity ALICE = new ProvenIdentity("Alice", "alice", "U0lHTi1hbGljZQ==");
    private static final ProvenIdentity BOB = new ProvenIdentity("Bob", "bob", "U0lHTi1ib2I=");

    @Test
    void purgingARoomLeavesNoneOfItsRoomOrPrivateCanariesInAnyFileAndKeepsOtherRooms() throws Exception {
        SqliteHistoryStore store = sqlite.openStore("");
        List<String> denCanaries = writeCanaries(store, "den", 1);
        List<String> atticCanaries = writeCanaries(store, "attic", 100);
        store.flush();
        for (String canary : denCanaries) {
            assertEquals(List.of("history.db"), filesHolding(canary), "written at first: the search can fail");
        }

        long sizeBefore = Files.size(dir.resolve("history.db"));
        store.purgeRoom("den");
        store.flush();
        for (String canary : denCanaries) {
            assertEquals(List.of(), filesHolding(canary), "while the store runs");
        }
        assertTrue(Files.size(dir.resolve("history.db")) < sizeBefore, "rebuilt: the freed pages are gone");
        for (String canary : atticCanaries) {
            assertEquals(List.of("history.db"), filesHolding(canary), "another room keeps its history");
        }
        assertEquals(Optional.empty(), store.load("den"));
        assertEquals(List.of("history.db"), filesPresent(), "no journal or WAL lingers");

        sqlite.stop(store);
        for (String canary : denCanaries) {
            assertEquals(List.of(), filesHolding(canary), "after the store closed");
        }
    }

    @Test
    void purgingAllLeavesNoCanaryOfAnyRoom() throws Exception {
        SqliteHistoryStore store = sqlite.openStore("");
        List<String> canaries = new ArrayList<>(writeCanaries(store, "den", 1));
        canaries.addAll(writeCanaries(store, "attic", 100));
        store.flush();
        assertEquals(List.of("history.db"), filesHolding(canaries.get(canaries.size() - 1)), "written at first");

        store.purgeAll();
        store.flush();
        for (String canary : canaries) {
            assertEquals(List.of(), filesHolding(canary));
        }
        assertEquals(Optional.empty(), store.load("den"));
        assertEquals(Optional.empty(), store.load("attic"));
    }

    @Test
    void aPurgeTakesTheAppendsQueuedBeforeItAndARestartedRoomKeepsOnlyWhatCameAfter() throws Exception {
        SqliteHistoryStore store = sqlite.openStore("");
        CountDownLatch release = new CountDownLatch(1);
        SqliteServers.stallWriter(store, release); // the canaries, the purge and the rest go into one batch
        List<String> canaries = writeCanaries(store, "den", 1);
        store.purgeRoom("den");
        store.startRoom("den", "after-wipe");
        store.append("den", roomMessage(50, "after the wipe"), () -> { });
        release.countDown();
        store.flush();
        for (String canary : canaries) {
            assertEquals(List.of(), filesHolding(canary));
        }
        StoredRoom den = store.load("den").orElseThrow();
        assertEquals("after-wipe", den.epoch());
        assertEquals(List.of("after the wipe"), den.messages().stream().map(m -> m.message().text()).toList());
        assertEquals(List.of(), den.privateMessages());
    }

    @Test
    void aFullQueueStillTakesAPurge() throws Exception {
        SqliteHistoryStore store = sqlite.openStore("", 4);
        store.startRoom("den", "e1");
        store.append("den", roomMessage(1, SqliteDeletedTextTest.longText(marker("full", 1))), () -> { });
        store.flush();
        assertEquals(List.of("history.db"), filesHolding(marker("full", 1)), "written at first");
        CountDownLatch release = new CountDownLatch(1);
        SqliteServers.stallWriter(store, release);
        for (long id = 2; id <= 9; id++) { // the bound (4) and its reserve (4 more)
            store.append("den", roomMessage(id, "filler " + id), () -> { });
        }
        AtomicBoolean refusedAcknowledged = new AtomicBoolean();
        store.append("den", roomMessage(10, "refused"), () -> refusedAcknowledged.set(true));
        store.purgeRoom("den");
        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!store.acceptsNewMessages() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the writer takes the whole queue at once; the flush's barrier needs room
        }
        store.flush();
        assertFalse(refusedAcknowledged.get(), "the queue was past its reserve: an append was refused");
        assertEquals(List.of(), filesHolding(marker("full", 1)), "the purge was not");
        assertTrue(store.load("den").isEmpty());
    }

    /**
     * Writes a room message and an encrypted private message, each holding a canary (a long text around a marker:
     * the text spills into overflow pages, so it is the marker that is searched for); returns the markers.
     */
    private static List<String> writeCanaries(SqliteHistoryStore store, String roomKey, long firstId) {
        store.startRoom(roomKey, "e-" + roomKey);
        String roomMarker = marker(roomKey + "room", firstId);
        String privateMarker = marker(roomKey + "private", firstId);
        String ciphertext = SqliteDeletedTextTest.longText(privateMarker);
        store.append(roomKey, roomMessage(firstId, SqliteDeletedTextTest.longText(roomMarker)), () -> { });
        store.appendPrivate(roomKey, new StoredPrivate(new ServerFrame.PrivateMessage(firstId + 1, "",
                1_800_000_000_000L, ALICE.nick(), Optional.empty(), Optional.empty(),
                Optional.of(new EncryptedBody("c" + firstId, ciphertext, "AAAAAAAAAAAAAAAA", 1, "U0lHTkFUVVJF")),
                false), ALICE, BOB), () -> { });
        return List.of(roomMarker, privateMarker);
    }

    private static StoredMessage roomMessage(long id, String text) {
        return new StoredMessage(new ServerFrame.Broadcast(id, "", 1_800_000_000_000L + id, "alice", text),
                Optional.of("alice\u0000c" + id));
    }

    private static String marker(String where, long id) {
        return "CANARY" + where + id + "Zq7";
    }

    /** The names of the files in the data directory (all of them, recursively) whose bytes hold the text. */
    private List<String> filesHolding(String text) throws Exception {
        List<String> holding = new ArrayList<>();
        for (Path file : allFiles()) {
            if (SqliteServers.indexOf(Files.readAllBytes(file), text).isPresent()) {
                holding.add(dir.relativize(file).toString());
            }
        }
        return holding;
    }

    private List<String> filesPresent() throws Exception {
        return allFiles().stream().map(f -> dir.relativize(f).toString()).sorted().toList();
    }

    private List<Path> allFiles() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
