package org.safehouse.core;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The cluster's port for the rooms' mailboxes of encrypted private messages: one mailbox per room, shared by every
 * node, that decides what is kept (the same caps as one node's {@link PrivateMailbox}, held for the whole cluster)
 * and tells every node's mirror what changed. Implemented by {@code cluster.RedisMailboxes}; one node needs none
 * ({@link #NONE}), its {@link PrivateMailbox} decides alone.
 *
 * <p>Contract:
 * <ol>
 *   <li>{@link #keep}, {@link #markDelivered} and {@link #remember} MUST NOT block: they are called under a room's
 *       monitor. {@code outcome} runs exactly once, later, on another thread and with no lock held.</li>
 *   <li>A message is kept only if, with what it displaces (delivered messages only, oldest first, as
 *       {@link PrivateMailbox} does), every cap holds: per sender identity, per recipient identity, per sender address
 *       group, per room, and all rooms' mailboxes together.</li>
 *   <li>Every change (kept, delivered, deleted, remembered) reaches every node's {@link Listener}, this node's too,
 *       in one order for all nodes, the order the shared mailbox applied them in. A listener applies each to its
 *       mirror; a change may reach it twice or for a room it does not hold.</li>
 *   <li>Only end-to-end encrypted messages are kept: ciphertext and the two parties' public identities.</li>
 * </ol>
 */
public interface MailboxBus {
    /** Why a message was not kept. */
    enum Refusal {
        /** A cap would be exceeded and nothing delivered can be displaced. */
        FULL,
        /** The shared mailbox did not answer (in time). */
        UNAVAILABLE
    }

    /** What a room's shared mailbox holds: its messages in id order, and the ids already delivered. */
    record Contents(List<HistoryStore.StoredPrivate> messages, Set<Long> delivered) {
        public static final Contents EMPTY = new Contents(List.of(), Set.of());
    }

    /** How a {@link #keep} ended; exactly one method runs, once. */
    interface Outcome {
        void kept();

        void refused(Refusal why);
    }

    /** What every node's mirror applies, in the shared mailbox's order, on one thread. */
    interface Listener {
        /** A message was kept (already delivered when its recipient was online), displacing these messages. */
        void kept(String roomKey, HistoryStore.StoredPrivate message, boolean delivered, List<Long> displaced);

        /** These messages reached their recipient. */
        void delivered(String roomKey, List<Long> ids);

        /** These messages are gone (deleted, or expired by age). */
        void deleted(String roomKey, List<Long> ids);

        /** An identity proved itself in the room, so it may be written to while offline. */
        void remembered(String roomKey, ProvenIdentity identity);
    }

    /**
     * Keeps an encrypted message of the room if the caps allow.
     *
     * @param senderGroup the sender's address group as the {@link AddressGroupHmac} digests it (never in clear)
     * @param delivered   whether its recipient is online and receives it now
     */
    void keep(String roomKey, HistoryStore.StoredPrivate message, String senderGroup, boolean delivered,
              Outcome outcome);

    /** Records that these messages of the room reached their recipient. */
    void markDelivered(String roomKey, Collection<Long> ids);

    /** Tells every node that this identity proved itself in the room. */
    void remember(String roomKey, ProvenIdentity identity);

    /**
     * What the room's shared mailbox holds now. Blocks up to the cluster's command timeout: never under a lock; for
     * re-reading the mirrors after changes may have been missed.
     */
    Contents load(String roomKey);

    /** Registers the listener every change is applied through; called once, before the first message. */
    void listen(Listener listener);

    /** One node: no shared mailbox. */
    MailboxBus NONE = new MailboxBus() {
        @Override
        public void keep(String roomKey, HistoryStore.StoredPrivate message, String senderGroup, boolean delivered,
                         Outcome outcome) {
            throw new IllegalStateException("one node keeps private messages in its own mailboxes");
        }

        @Override
        public void markDelivered(String roomKey, Collection<Long> ids) {
        }

        @Override
        public void remember(String roomKey, ProvenIdentity identity) {
        }

        @Override
        public Contents load(String roomKey) {
            return Contents.EMPTY;
        }

        @Override
        public void listen(Listener listener) {
        }
    };
}
