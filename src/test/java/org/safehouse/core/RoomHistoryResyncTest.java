package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.ServerFrame;

/**
 * A cluster node's history mirror brought back in step with Redis after it missed messages
 * ({@link RoomHistory#replaceWith}): what Redis kept, then what this node heard meanwhile, each once, in id order.
 */
class RoomHistoryResyncTest {
    private static ServerFrame.Broadcast message(long id) {
        return new ServerFrame.Broadcast(id, "lobby", 1_800_000_000_000L + id, "ann", "m" + id);
    }

    private static HistoryStore.StoredMessage stored(long id) {
        ServerFrame.Broadcast m = message(id);
        return new HistoryStore.StoredMessage(new ServerFrame.Broadcast(id, "", m.timestamp(), m.sender(), m.text()),
                Optional.of("ann\u0000c" + id));
    }

    @Test
    void theMissedMessagesFillTheGapAndWhatWasHeardMeanwhileStaysOnce() {
        RoomHistory history = new RoomHistory(10, 0);
        history.append(message(1), Optional.of("ann\u0000c1"));
        history.append(message(5), Optional.of("ann\u0000c5")); // heard after the node came back; 2-4 were missed
        history.replaceWith(List.of(stored(1), stored(2), stored(3), stored(4)), -1, "lobby");
        assertEquals(List.of(message(1), message(2), message(3), message(4), message(5)),
                history.newest(10).messages());
        assertEquals(Optional.of(message(3)), history.byClientKey("ann\u0000c3"), "resends of missed ones recognised");
        assertEquals(Optional.of(message(5)), history.byClientKey("ann\u0000c5"));
        assertTrue(history.since(0).complete());
    }

    @Test
    void whatRedisTrimmedMakesAResumeFromBeforeItIncompleteAndTheCountStillHolds() {
        RoomHistory history = new RoomHistory(3, 0);
        history.replaceWith(List.of(stored(7), stored(8), stored(9), stored(10)), 6, "lobby");
        assertEquals(List.of(message(8), message(9), message(10)), history.newest(10).messages());
        assertFalse(history.since(5).complete());
        assertTrue(history.since(7).complete());
    }
}
