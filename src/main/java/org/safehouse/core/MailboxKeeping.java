package org.safehouse.core;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where {@link PrivateDelivery} keeps a room's encrypted private messages: this node's {@link PrivateMailbox} and
 * {@link HistoryStore} ({@link LocalMailboxKeeping}), or the cluster's shared mailbox, which every node mirrors
 * ({@link ClusteredMailboxes}). Every method is called holding the room's monitor and never blocks.
 */
interface MailboxKeeping {
    /**
     * Keeps {@code message} for its recipient, online now or not. {@code copy} runs once, when the sender may have its
     * copy: the message is kept (durably, with a durable store), or it was not kept but the recipient has it live. A
     * message for an offline recipient that cannot be kept is refused: at once (thrown), or later through
     * {@code refused}, on another thread.
     *
     * @throws ChatError {@code mailbox_full} or {@code server_busy}, for an offline recipient
     */
    void keep(ChatSession sender, Room room, HistoryStore.StoredPrivate message, boolean recipientOnline,
              Runnable copy, Consumer<ChatError> refused) throws ChatError;

    /** These messages of the room, already marked in its mailbox, reached their recipient now. */
    void delivered(Room room, List<Long> ids);

    /** An identity proved itself in the room: it may be written to while offline. */
    void remembered(Room room, ProvenIdentity identity);
}
