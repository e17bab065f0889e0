package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InviteStore} does (memory, and Redis in cluster mode): uses counted down and never below zero,
 * expiry, revocation, the verifier tag voiding old invites and admissions, the per-room and per-inviter limits.
 */
public abstract class InviteStoreContract {
    protected static final long NOW = 1_800_000_000_000L;
    protected static final String TAG = InviteStore.verifierTag("$argon2id$v=19$m=65536,t=3,p=1$old");
    protected static final String NEW_TAG = InviteStore.verifierTag("$argon2id$v=19$m=65536,t=3,p=1$new");

    /** A fresh store (nothing kept) per call. */
    protected abstract InviteStore store();

    protected static InviteStore.Invite invite(String id, String token, String byKey, int uses) {
        return new InviteStore.Invite(id, InviteStore.tokenHash(token), TAG, byKey, "alice", uses, uses,
                NOW + 60_000);
    }

    @Test
    void anInviteAdmitsAsOftenAsItsUsesAndNoMore() {
        InviteStore store = store();
        assertEquals(InviteStore.Created.CREATED, store.create("vault", invite("a1", "tok", "k1", 2), 100, 10, NOW));
        String hash = InviteStore.tokenHash("tok");
        assertTrue(store.consume("vault", hash, TAG, NOW));
        assertTrue(store.consume("vault", hash, TAG, NOW));
        assertFalse(store.consume("vault", hash, TAG, NOW), "used up");
        store.giveBack("vault", hash);
        assertTrue(store.consume("vault", hash, TAG, NOW), "a join that did not enter gave its use back");
    }

    @Test
    void expiredRevokedAndOldVerifierInvitesAdmitNobody() {
        InviteStore store = store();
        store.create("vault", invite("a1", "tok1", "k1", 5), 100, 10, NOW);
        store.create("vault", invite("a2", "tok2", "k1", 5), 100, 10, NOW);
        assertFalse(store.consume("vault", InviteStore.tokenHash("tok1"), TAG, NOW + 60_000), "expired");
        assertTrue(store.revoke("vault", "a2"));
        assertFalse(store.find("vault", InviteStore.tokenHash("tok2"), TAG, NOW).isPresent(), "revoked");
        store.create("vault", invite("a3", "tok3", "k1", 5), 100, 10, NOW);
        assertFalse(store.consume("vault", InviteStore.tokenHash("tok3"), NEW_TAG, NOW), "password rotated");
        assertFalse(store.find("vault", InviteStore.tokenHash("tok3"), TAG, NOW).isEmpty());
        assertFalse(store.find("other", InviteStore.tokenHash("tok3"), TAG, NOW).isPresent(), "another room's");
    }

    @Test
    void aRoomAndAnInviterHoldOnlyTheirLimitOfLiveInvites() {
        InviteStore store = store();
        assertEquals(InviteStore.Created.CREATED, store.create("vault", invite("a1", "t1", "k1", 1), 3, 2, NOW));
        assertEquals(InviteStore.Created.CREATED, store.create("vault", invite("a2", "t2", "k1", 1), 3, 2, NOW));
        assertEquals(InviteStore.Created.INVITER_FULL, store.create("vault", invite("a3", "t3", "k1", 1), 3, 2,
                NOW));
        assertEquals(InviteStore.Created.CREATED, store.create("vault", invite("b1", "t4", "k2", 1), 3, 2, NOW));
        assertEquals(InviteStore.Created.ROOM_FULL, store.create("vault", invite("c1", "t5", "k3", 1), 3, 2, NOW));
        store.consume("vault", InviteStore.tokenHash("t1"), TAG, NOW); // used up: no longer counts
        assertEquals(InviteStore.Created.CREATED, store.create("vault", invite("c1", "t5", "k3", 1), 3, 2, NOW));
        assertEquals(List.of("a2", "b1", "c1"), store.live("vault", TAG, NOW).stream()
                .map(InviteStore.Invite::inviteId).sorted().toList());
    }

    @Test
    void anAdmissionHoldsUntilRotationBanOrDrop() {
        InviteStore store = store();
        store.admit("vault", new InviteStore.Admission("fp-bob", TAG, NOW));
        store.admit("vault", new InviteStore.Admission("fp-carol", TAG, NOW));
        assertTrue(store.admitted("vault", "fp-bob", TAG));
        assertFalse(store.admitted("vault", "fp-bob", NEW_TAG), "after a rotation");
        assertFalse(store.admitted("vault", "fp-dave", TAG), "never admitted");
        store.forgetAdmission("vault", "fp-bob");
        assertFalse(store.admitted("vault", "fp-bob", TAG), "banned");
        store.create("vault", invite("a1", "tok", "k1", 1), 100, 10, NOW);
        store.dropRoom("vault");
        awaitDropped(store);
        assertFalse(store.admitted("vault", "fp-carol", TAG));
        assertTrue(store.live("vault", TAG, NOW).isEmpty());
    }

    @Test
    void aRoomKeepsAtMostItsAdmissionLimitTheOldestGoingFirst() {
        InviteStore store = store();
        for (int i = 0; i <= InviteStore.MAX_ADMISSIONS_PER_ROOM; i++) {
            store.admit("vault", new InviteStore.Admission("fp" + i, TAG, NOW + i));
        }
        assertFalse(store.admitted("vault", "fp0", TAG), "the oldest went");
        assertTrue(store.admitted("vault", "fp1", TAG));
        assertTrue(store.admitted("vault", "fp" + InviteStore.MAX_ADMISSIONS_PER_ROOM, TAG));
    }

    /** A shared store may apply {@link InviteStore#dropRoom} later: waits (bounded) until it did. */
    protected void awaitDropped(InviteStore store) {
    }
}
