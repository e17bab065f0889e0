package org.safehouse.bench.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {

    @Test
    void countsDuplicatesOutOfOrderAndMissing() {
        SequenceTracker tracker = new SequenceTracker();
        for (long seq : new long[] {0, 1, 3, 2, 3, 200, 5}) {
            tracker.record(seq);
        }
        assertEquals(6, tracker.unique());
        assertEquals(1, tracker.duplicates());
        assertEquals(2, tracker.outOfOrder());
        assertEquals(1, tracker.missingBelow(6));
        assertEquals(201 - 6, tracker.missingBelow(201));
    }
}
