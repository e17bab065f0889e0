package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.safehouse.core.HistoryStore.StoredMessage;
import org.safehouse.core.HistoryStore.StoredPrivate;
import org.safehouse.core.HistoryStore.StoredRoom;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * {@link HistoryStore}'s numbered contract, run against every implementation: the memory store
 * ({@link HistoryStore#NONE}) and SQLite. Where the memory store legitimately differs (it keeps nothing, so a restart
 * loads nothing; it has no queue, so it is never full), the test says so through {@link #keepsAcrossRestart()} and
 * {@link #boundsItsQueue()}. Room keys are {@code den} and {@code attic}; limits are the defaults.
 */
public abstract class HistoryStoreContract {
    /** How many tasks the queue of a store that {@link #boundsItsQueue} holds before it refuses new messages. */
    protected static final int MAX_TASKS = 8;

    /** The store over this test's storage: opening it again after {@link HistoryStore#close} is a restart. */
    protected abstract HistoryStore open() throws Exception;

    /** As {@link #open()}; a store that {@link #boundsItsQueue} bounds it at {@link #MAX_TASKS} tasks. */
    protected abstract HistoryStore openWithSmallQueue() throws Exception;

    /** Whether what it stores is loaded back after a restart (the memory store's is not). */
    protected abstract boolean keepsAcrossRestart();

    /** Whether its queue is bounded (at {@link #MAX_TASKS}), so that {@link HistoryStore#acceptsNewMessages} turns. */
    protected abstract boolean boundsItsQueue();

    static StoredMessage message(long id) {
        return new StoredMessage(new ServerFrame.Broadcast(id, "", 1_800_000_000_000L + id, "alice", "m" + id),
                Optional.of("alice\u0000c" + id));
    }

    static StoredPrivate privateMessage(long id) {
        ProvenIdentity alice = new ProvenIdentity("Alice", "alice", "U0lHTi1hbGljZQ==");
        ProvenIdentity bob = new ProvenIdentity("Bob", "bob", "U0lHTi1ib2I=");
        return new StoredPrivate(new ServerFrame.PrivateMessage(id, "", 1_800_000_000_000L + id, alice.nick(),
                Optional.empty(), Optional.empty(), Optional.of(new EncryptedBody("c" + id, "Q0lQSEVS" + id,
                "AAAAAAAAAAAAAAAA", id, "U0lHTkFUVVJF")), false), alice, bob);
    }

    /** Waits (bounded) until the latch opens. */
    static void await(CountDownLatch latch, String what) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out waiting for " + what);
    }

    /** A callback that records its id and counts down. */
    static Runnable recording(List<Long> acknowledged, CountDownLatch done, long id) {
        return () -> {
            acknowledged.add(id);
            done.countDown();
        };
    }

    /** Closes the store and reads the room back from a new one, as a restart does. */
    private Optional<StoredRoom> afterRestart(HistoryStore store, String roomKey) throws Exception {
        store.close();
        HistoryStore again = open();
        try {
            return again.load(roomKey);
        } finally {
            again.close();
        }
    }

    private static List<Long> ids(StoredRoom room) {
        return room.messages().stream().map(m -> m.message().id()).toList();
    }

    private static List<Long> privateIds(StoredRoom room) {
        return room.privateMessages().stream().map(m -> m.toRecipient().id()).toList();
    }

    @Test
    void appendsOfOneRoomAreAcknowledgedOnceEachInCallOrder() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(300);
        for (long id = 1; id <= 300; id++) {
            store.append("den", message(id), recording(acknowledged, all, id));
        }
        await(all, "300 acknowledgements");
        store.close();
        assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), acknowledged, "each once, in call order");
        HistoryStore again = open();
        Optional<StoredRoom> loaded = again.load("den");
        again.close();
        if (keepsAcrossRestart()) {
            assertEquals(LongStream.rangeClosed(1, 300).boxed().toList(), ids(loaded.orElseThrow()));
        } else {
            assertEquals(Optional.empty(), loaded, "the memory store keeps nothing");
        }
    }

    @Test
    void aCallbackRunsOnlyOnceItsMessageIsKept() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        AtomicReference<Optional<StoredRoom>> seenFromCallback = new AtomicReference<>();
        AtomicBoolean ranBeforeAppendReturned = new AtomicBoolean();
        AtomicBoolean appendReturned = new AtomicBoolean();
        CountDownLatch acknowledged = new CountDownLatch(1);
        store.appendPrivate("den", privateMessage(7), () -> {
            ranBeforeAppendReturned.set(!appendReturned.get());
            seenFromCallback.set(store.load("den"));
            acknowledged.countDown();
        });
        appendReturned.set(true);
        await(acknowledged, "the acknowledgement");
        if (keepsAcrossRestart()) {
            assertEquals(List.of(7L), privateIds(seenFromCallback.get().orElseThrow()),
                    "when the sender hears of it, the store has it");
        } else {
            assertTrue(ranBeforeAppendReturned.get(), "the memory store acknowledges at once");
        }
        store.close();
    }

    @Test
    void closeStoresWhatWasCalledBeforeItAndRunsEveryCallback() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        for (long id = 1; id <= 200; id++) {
            long each = id;
            store.append("den", message(id), () -> acknowledged.add(each));
        }
        store.close();
        assertEquals(200, acknowledged.size(), "every callback ran before close returned");
        HistoryStore again = open();
        Optional<StoredRoom> loaded = again.load("den");
        again.close();
        assertEquals(keepsAcrossRestart() ? LongStream.rangeClosed(1, 200).boxed().toList() : List.of(),
                loaded.map(HistoryStoreContract::ids).orElse(List.of()));
    }

    @Test
    void aDurableStoreTakesNothingAfterClose() throws Exception {
        assumeTrue(keepsAcrossRestart(), "the memory store keeps nothing anyway");
        HistoryStore store = open();
        store.startRoom("den", "e1");
        store.close();
        AtomicBoolean acknowledged = new AtomicBoolean();
        store.append("den", message(1), () -> acknowledged.set(true));
        HistoryStore again = open();
        assertEquals(List.of(), ids(again.load("den").orElseThrow()), "not stored");
        again.close();
        assertFalse(acknowledged.get(), "and so never acknowledged");
    }

    @Test
    void loadReturnsWhatWasStoredAndNothingForAnUnknownRoom() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        for (long id = 1; id <= 3; id++) {
            store.append("den", message(id), () -> { });
        }
        store.appendPrivate("den", privateMessage(4), () -> { });
        store.markPrivateDelivered("den", List.of(4L));
        store.appendPrivate("den", privateMessage(5), () -> { });
        assertEquals(Optional.empty(), store.load("attic"));
        Optional<StoredRoom> loaded = afterRestart(store, "den");
        if (!keepsAcrossRestart()) {
            assertEquals(Optional.empty(), loaded, "the memory store loads nothing");
            return;
        }
        StoredRoom room = loaded.orElseThrow();
        assertEquals("e1", room.epoch());
        assertEquals(List.of(message(1), message(2), message(3)), room.messages(), "as stored, oldest first");
        assertEquals(List.of(privateMessage(4), privateMessage(5)), room.privateMessages());
        assertEquals(Set.of(4L), room.deliveredPrivate());
        assertEquals(-1, room.evictedThrough(), "nothing was deleted");
    }

    @Test
    void privateMessagesAreMarkedAndDeletedInCallOrder() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        for (long id = 1; id <= 3; id++) {
            store.appendPrivate("den", privateMessage(id), () -> { });
        }
        store.markPrivateDelivered("den", List.of(2L, 3L));
        store.deletePrivate("den", List.of(1L, 3L));
        store.appendPrivate("den", privateMessage(4), () -> { });
        Optional<StoredRoom> loaded = afterRestart(store, "den");
        if (keepsAcrossRestart()) {
            assertEquals(List.of(2L, 4L), privateIds(loaded.orElseThrow()));
            assertEquals(Set.of(2L), loaded.get().deliveredPrivate());
        } else {
            assertEquals(Optional.empty(), loaded);
        }
    }

    @Test
    void startingDroppingAndKeepingRoomsApplyInCallOrder() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        store.startRoom("attic", "a1");
        store.append("den", message(1), () -> { });
        store.appendPrivate("den", privateMessage(2), () -> { });
        store.startRoom("den", "e2"); // a new epoch: what came before goes
        store.append("den", message(3), () -> { });
        store.append("attic", message(4), () -> { });
        store.dropRoom("attic");
        store.startRoom("cellar", "c1");
        store.keepOnly(List.of("den", "attic"));
        store.close();
        HistoryStore again = open();
        try {
            assertStartedAfresh(again, "den", "e2", List.of(3L));
            assertEquals(Optional.empty(), again.load("attic"), "dropped");
            assertEquals(Optional.empty(), again.load("cellar"), "not kept");
        } finally {
            again.close();
        }
    }

    @Test
    void purgesDeleteWhatWasCalledBeforeThemAndARestartedRoomKeepsWhatCameAfter() throws Exception {
        HistoryStore store = open();
        store.startRoom("den", "e1");
        store.startRoom("attic", "a1");
        store.append("den", message(1), () -> { });
        store.appendPrivate("den", privateMessage(2), () -> { });
        store.append("attic", message(3), () -> { });
        store.purgeRoom("den");
        store.startRoom("den", "e2"); // a wiped room goes on, in a new epoch
        store.append("den", message(4), () -> { });
        store.close();
        HistoryStore again = open();
        try {
            assertStartedAfresh(again, "den", "e2", List.of(4L));
            if (keepsAcrossRestart()) {
                assertEquals(List.of(3L), ids(again.load("attic").orElseThrow()), "another room keeps its own");
            }
            again.purgeAll();
            again.startRoom("cellar", "c1");
        } finally {
            again.close();
        }
        HistoryStore third = open();
        try {
            assertEquals(Optional.empty(), third.load("den"), "purged with all");
            assertEquals(Optional.empty(), third.load("attic"), "purged with all");
            assertEquals(keepsAcrossRestart(), third.load("cellar").isPresent(), "started after the purge");
        } finally {
            third.close();
        }
    }

    /** After a restart: the room in this epoch with only these messages, no private ones (the memory store: none). */
    private void assertStartedAfresh(HistoryStore again, String roomKey, String epoch, List<Long> messageIds) {
        if (!keepsAcrossRestart()) {
            assertEquals(Optional.empty(), again.load(roomKey));
            return;
        }
        StoredRoom room = again.load(roomKey).orElseThrow();
        assertEquals(epoch, room.epoch());
        assertEquals(messageIds, ids(room));
        assertEquals(List.of(), room.privateMessages());
    }

    @Test
    void aFullQueueRefusesNewMessagesAndLosesNoneItTook() throws Exception {
        HistoryStore store = openWithSmallQueue();
        store.startRoom("den", "e1");
        if (!boundsItsQueue()) {
            for (long id = 1; id <= 10_000; id++) {
                store.append("den", message(id), () -> { });
            }
            assertTrue(store.acceptsNewMessages(), "the memory store is never full");
            store.close();
            return;
        }
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.append("den", message(1), () -> { // stalls the store's writer in a slow acknowledgement
            writing.countDown();
            awaitQuietly(release);
        });
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        List<Long> acknowledged = Collections.synchronizedList(new ArrayList<>());
        long lastTaken = 2 * MAX_TASKS; // the bound, then its reserve: one task is the delivery mark below
        CountDownLatch all = new CountDownLatch((int) lastTaken - 1);
        for (long id = 2; id <= MAX_TASKS + 1; id++) {
            assertTrue(store.acceptsNewMessages(), "below the bound");
            store.append("den", message(id), recording(acknowledged, all, id));
        }
        assertFalse(store.acceptsNewMessages(), "full: the core refuses new messages now instead of waiting");
        store.markPrivateDelivered("den", List.of(99L)); // the follow-ups of messages taken still go in
        for (long id = MAX_TASKS + 2; id <= lastTaken; id++) { // as do appends that asked just before it filled
            store.append("den", message(id), recording(acknowledged, all, id));
        }
        AtomicBoolean beyondReserveAcknowledged = new AtomicBoolean();
        store.append("den", message(lastTaken + 1), () -> beyondReserveAcknowledged.set(true));
        release.countDown();
        await(all, "the acknowledgements of all it took");
        assertTrue(store.acceptsNewMessages(), "room again: the writer took them all before acknowledging");
        assertEquals(LongStream.rangeClosed(2, lastTaken).boxed().toList(), acknowledged);
        assertEquals(LongStream.rangeClosed(1, lastTaken).boxed().toList(),
                ids(afterRestart(store, "den").orElseThrow()), "none it took is lost");
        assertFalse(beyondReserveAcknowledged.get(), "the one it refused was never acknowledged");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
