package org.safehouse.core;

import java.util.List;
import java.util.function.Consumer;
import java.util.Optional;
import org.safehouse.protocol.ErrorCode;

/**
 * One node's keeping: the room's {@link PrivateMailbox} decides under the caps (at once, under the room's monitor),
 * and the {@link HistoryStore} keeps a copy; the sender's copy follows the store's {@code onDurable}.
 */
final class LocalMailboxKeeping implements MailboxKeeping {
    private final HistoryStore store;

    LocalMailboxKeeping(HistoryStore store) {
        this.store = store;
    }

    @Override
    public void keep(ChatSession sender, Room room, HistoryStore.StoredPrivate message, boolean recipientOnline,
                     Runnable copy, Consumer<ChatError> refused) throws ChatError {
        if (!store.acceptsNewMessages()) {
            if (!recipientOnline) {
                throw ChatError.historyStoreBusy(room.name());
            }
            copy.run(); // relayed to the member online, only not kept
            return;
        }
        PrivateMailbox.Admission admission = room.mailbox().admit(message, sender.addressGroup(), recipientOnline);
        if (!admission.kept()) {
            if (!recipientOnline) {
                throw mailboxFull(room);
            }
            copy.run();
            return;
        }
        if (!admission.displaced().isEmpty()) {
            store.deletePrivate(room.key(), admission.displaced());
        }
        // The sender's copy (the only sign the message was taken) comes once the store has it: with a durable
        // store, "queued": true then means the message survives a restart.
        store.appendPrivate(room.key(), message, copy);
        if (recipientOnline) { // after the append: the store applies a room's calls in order
            store.markPrivateDelivered(room.key(), List.of(message.toRecipient().id()));
        }
    }

    @Override
    public void delivered(Room room, List<Long> ids) {
        store.markPrivateDelivered(room.key(), ids);
    }

    @Override
    public void remembered(Room room, ProvenIdentity identity) {
        room.mailbox().remember(identity);
    }

    /** A message for an offline recipient that no cap leaves room for; nothing waiting for anyone is lost. */
    static ChatError mailboxFull(Room room) {
        return new ChatError(ErrorCode.MAILBOX_FULL, "too many private messages are waiting (from you, for "
                + "your address, for this recipient, or in this room); try again when the recipient is back",
                Optional.of(room.name()));
    }
}
