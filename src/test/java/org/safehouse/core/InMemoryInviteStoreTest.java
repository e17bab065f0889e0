package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** {@link InviteStoreContract} for one node's store, and its bound over all rooms. */
class InMemoryInviteStoreTest extends InviteStoreContract {
    @Override
    protected InviteStore store() {
        return new InMemoryInviteStore();
    }

    @Test
    void aForgottenRoomLeavesNothingBehind() {
        InMemoryInviteStore store = new InMemoryInviteStore();
        store.create("gone", invite("a1", "tok", "k1", 1), 100, 10, NOW);
        store.admit("gone", new InviteStore.Admission("fp", TAG, NOW));
        store.roomForgotten("gone");
        assertEquals(0, store.roomCount());
        assertFalse(store.admitted("gone", "fp", TAG));
    }
}
