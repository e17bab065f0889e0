package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.safehouse.config.MailboxLimits;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/** The mailbox's caps: per recipient identity, per sender identity and per room, in messages and bytes. */
class PrivateMailboxTest {
    static final ProvenIdentity ALICE = new ProvenIdentity("alice", "alice", "S0FMSUNF");
    static final ProvenIdentity BOB = new ProvenIdentity("bob", "bob", "S0JPQg==");
    static final ProvenIdentity CAROL = new ProvenIdentity("carol", "carol", "S0NBUk9M");
    static final ProvenIdentity MALLORY = new ProvenIdentity("mallory", "mallory", "S01BTExPUlk=");
    /** The nickname alice, taken over with another key. */
    static final ProvenIdentity ALICE_K2 = new ProvenIdentity("alice", "alice", "SzItQUxJQ0U=");

    long nextId = 100;

    /** These caps, with room enough per address group. */
    static MailboxLimits caps(int perRecipient, long recipientBytes, int perSender, long senderBytes, int perRoom,
                              long roomBytes) {
        return new MailboxLimits(perRecipient, recipientBytes, perSender, senderBytes, perRoom, roomBytes, 1000,
                1 << 20);
    }

    HistoryStore.StoredPrivate message(ProvenIdentity from, ProvenIdentity to, int ciphertextChars) {
        long id = nextId++;
        EncryptedBody body = new EncryptedBody("c" + id, "A".repeat(ciphertextChars), "AAAAAAAAAAAAAAAA", 1,
                "U0lH");
        return new HistoryStore.StoredPrivate(new ServerFrame.PrivateMessage(id, "den", 1000 + id, from.nick(),
                Optional.empty(), Optional.empty(), Optional.of(body), false), from, to);
    }

    static List<Long> ids(PrivateMailbox.Delivery delivery) {
        return delivery.frames().stream().map(ServerFrame.PrivateMessage::id).toList();
    }

    static List<Long> idsTo(PrivateMailbox mailbox, ProvenIdentity who) {
        return ids(mailbox.forIdentity(who, -1)).stream().toList();
    }

    @Test
    void aSendersFloodIsRefusedAtItsCapAndLeavesWhatWaitsForOthers() {
        PrivateMailbox mailbox = new PrivateMailbox(caps(5, 1 << 20, 3, 1 << 20, 100, 1 << 20), 0);
        HistoryStore.StoredPrivate fromAlice = message(ALICE, BOB, 40);
        assertTrue(mailbox.admit(fromAlice, "10.0.0.1", false).kept());
        for (int i = 0; i < 3; i++) {
            assertTrue(mailbox.admit(message(MALLORY, BOB, 40), "10.0.0.1", false).kept());
        }
        assertEquals(PrivateMailbox.Admission.REFUSED, mailbox.admit(message(MALLORY, BOB, 40), "10.0.0.1", false));
        assertEquals(PrivateMailbox.Admission.REFUSED, mailbox.admit(message(MALLORY, CAROL, 40), "10.0.0.1", false),
                "the sender's cap counts all its recipients");
        assertTrue(mailbox.admit(message(CAROL, BOB, 40), "10.0.0.1", false).kept(), "others still reach bob");
        assertEquals(PrivateMailbox.Admission.REFUSED, mailbox.admit(message(CAROL, BOB, 40), "10.0.0.1", false),
                "bob's queue is full (5), of messages still waiting: nothing is displaced");
        List<Long> toBob = idsTo(mailbox, BOB);
        assertEquals(5, toBob.size());
        assertEquals(fromAlice.toRecipient().id(), toBob.get(0), "alice's message is still there, first");
    }

    @Test
    void deliveredMessagesMakeRoomOldestFirstButOnlyTheSendersOwnForTheSendersCap() {
        PrivateMailbox mailbox = new PrivateMailbox(caps(100, 1 << 20, 2, 1 << 20, 100, 1 << 20), 0);
        HistoryStore.StoredPrivate first = message(MALLORY, BOB, 40);
        HistoryStore.StoredPrivate second = message(MALLORY, BOB, 40);
        HistoryStore.StoredPrivate fromAlice = message(ALICE, BOB, 40);
        mailbox.admit(first, "10.0.0.1", true);
        mailbox.admit(second, "10.0.0.1", true);
        mailbox.admit(fromAlice, "10.0.0.1", true);
        PrivateMailbox.Admission third = mailbox.admit(message(MALLORY, BOB, 40), "10.0.0.1", true);
        assertTrue(third.kept());
        assertEquals(List.of(first.toRecipient().id()), third.displaced(), "mallory's own oldest delivered one");
        assertTrue(idsTo(mailbox, BOB).contains(fromAlice.toRecipient().id()));
    }

    @Test
    void theRoomsCapDisplacesDeliveredMessagesOfAnyoneButNeverWaitingOnes() {
        PrivateMailbox mailbox = new PrivateMailbox(caps(100, 1 << 20, 100, 1 << 20, 3, 1 << 20), 0);
        HistoryStore.StoredPrivate delivered = message(ALICE, BOB, 40);
        mailbox.admit(delivered, "10.0.0.1", true);
        HistoryStore.StoredPrivate waiting1 = message(ALICE, CAROL, 40);
        HistoryStore.StoredPrivate waiting2 = message(BOB, CAROL, 40);
        mailbox.admit(waiting1, "10.0.0.1", false);
        mailbox.admit(waiting2, "10.0.0.1", false);
        PrivateMailbox.Admission admission = mailbox.admit(message(MALLORY, CAROL, 40), "10.0.0.1", false);
        assertEquals(List.of(delivered.toRecipient().id()), admission.displaced());
        assertEquals(PrivateMailbox.Admission.REFUSED, mailbox.admit(message(MALLORY, CAROL, 40), "10.0.0.1", false),
                "three waiting messages fill the room; none is displaced");
        assertEquals(3, mailbox.size());
    }

    @Test
    void bytesAreCappedLikeMessages() {
        // each message costs its body: ciphertext + iv (16) + signature (4) + clientMsgId (4)
        PrivateMailbox mailbox = new PrivateMailbox(caps(100, 250, 100, 1 << 20, 100, 1 << 20), 0);
        assertTrue(mailbox.admit(message(ALICE, BOB, 100), "10.0.0.1", false).kept());
        assertTrue(mailbox.admit(message(CAROL, BOB, 100), "10.0.0.1", false).kept());
        assertEquals(PrivateMailbox.Admission.REFUSED, mailbox.admit(message(MALLORY, BOB, 100), "10.0.0.1", false),
                "bob's 250 bytes are taken");
        assertTrue(mailbox.admit(message(MALLORY, CAROL, 100), "10.0.0.1", false).kept());
        assertEquals(PrivateMailbox.Admission.REFUSED, mailbox.admit(message(ALICE, CAROL, 1000), "10.0.0.1", false),
                "a message larger than a cap never fits");
    }

    @Test
    void eachRecipientKeyHasItsOwnQueue() {
        PrivateMailbox mailbox = new PrivateMailbox(caps(2, 1 << 20, 100, 1 << 20, 100, 1 << 20), 0);
        HistoryStore.StoredPrivate forK1 = message(BOB, ALICE, 40);
        mailbox.admit(forK1, "10.0.0.1", false);
        mailbox.admit(message(BOB, ALICE, 40), "10.0.0.1", false);
        HistoryStore.StoredPrivate forK2 = message(BOB, ALICE_K2, 40);
        assertTrue(mailbox.admit(forK2, "10.0.0.1", false).kept(), "the same nickname with another key is another queue");
        assertEquals(List.of(forK2.toRecipient().id()), idsTo(mailbox, ALICE_K2));
        PrivateMailbox.Delivery k1 = mailbox.forIdentity(ALICE, -1);
        assertEquals(List.of(forK1.toRecipient().id(), forK1.toRecipient().id() + 1), ids(k1));
        assertEquals(ids(k1), k1.nowDelivered());
        assertEquals(List.of(), mailbox.forIdentity(ALICE, -1).nowDelivered(), "delivered once");
        assertTrue(mailbox.admit(message(CAROL, ALICE_K2, 40), "10.0.0.1", false).kept(), "K2's queue has room for one more");
    }

    @Test
    void ageRemovesWaitingMessagesToo() {
        PrivateMailbox mailbox = new PrivateMailbox(MailboxLimits.DEFAULTS, 10);
        mailbox.admit(message(ALICE, BOB, 40), "10.0.0.1", false);
        mailbox.expire(1000 + nextId + 10);
        assertEquals(0, mailbox.size());
    }

    @Test
    void oneAddressGroupCannotFillTheRoomByProvingFreshIdentities() {
        PrivateMailbox mailbox = new PrivateMailbox(new MailboxLimits(100, 1 << 20, 2, 1 << 20, 100, 1 << 20, 4,
                1 << 20), 0);
        int kept = 0;
        for (int identity = 0; identity < 5; identity++) { // each fresh key gets its own sender cap of 2
            ProvenIdentity fresh = new ProvenIdentity("m" + identity, "m" + identity, "S0VZ" + identity + "A==");
            for (int i = 0; i < 2; i++) {
                kept += mailbox.admit(message(fresh, BOB, 40), "192.0.2.7", false).kept() ? 1 : 0;
            }
        }
        assertEquals(4, kept, "the address group's cap holds whatever identities it proves");
        assertTrue(mailbox.admit(message(ALICE, BOB, 40), "198.51.100.1", false).kept(), "others are unaffected");
    }

    @Test
    void allRoomsTogetherStayWithinTheServersBudgetAndARemovedRoomGivesItsShareBack() {
        HistoryStore.StoredPrivate probe = message(ALICE, BOB, 400);
        long each = PrivateMailbox.bytes(probe);
        ByteBudget server = new ByteBudget(3 * each);
        MailboxLimits roomy = caps(100, 1 << 20, 100, 1 << 20, 100, 1 << 20);
        PrivateMailbox den = new PrivateMailbox(roomy, 0, server);
        PrivateMailbox attic = new PrivateMailbox(roomy, 0, server);
        assertTrue(den.admit(probe, "10.0.0.1", false).kept());
        assertTrue(den.admit(message(ALICE, BOB, 400), "10.0.0.1", false).kept());
        assertTrue(attic.admit(message(CAROL, BOB, 400), "10.0.0.2", false).kept());
        assertEquals(PrivateMailbox.Admission.REFUSED, attic.admit(message(CAROL, BOB, 400), "10.0.0.2", false),
                "the server's mailboxes are full, although this room's own caps have room");
        assertEquals(2, idsTo(den, BOB).size(), "nothing waiting in another room was displaced");
        den.discard();
        assertEquals(each, server.used(), "a removed room gives its bytes back");
        assertTrue(attic.admit(message(CAROL, BOB, 400), "10.0.0.2", false).kept());
    }

    @Test
    void aDiscardedMailboxHoldsNoMessageAndRemembersNoIdentity() {
        PrivateMailbox den = new PrivateMailbox(caps(100, 1 << 20, 100, 1 << 20, 100, 1 << 20), 0);
        den.remember(ALICE);
        den.remember(BOB);
        assertTrue(den.admit(message(ALICE, BOB, 40), "10.0.0.1", false).kept());
        assertEquals(Optional.of(BOB), den.known("bob"), "remembered at first");
        den.discard();
        assertEquals(0, den.size());
        assertEquals(List.of(), idsTo(den, BOB));
        assertEquals(Optional.empty(), den.known("bob"), "a wiped room does not remember who was in it");
        assertEquals(Optional.empty(), den.known("alice"));
    }
}
