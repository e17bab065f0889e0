package org.safehouse.core;

import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster's keeping, and this node's mirror of it: the shared mailbox ({@link MailboxBus}) decides what is kept,
 * under caps that hold for the whole cluster, and every node's rooms' {@link PrivateMailbox}es change only by its
 * events, in its order (this node's own messages too), so all mirrors hold the same messages, equally delivered.
 *
 * <p>A message kept while its recipient was joining on this node (the join took the mailbox before the message
 * reached it) is delivered when its event arrives: the join and the event both hold the room's monitor, so the
 * recipient gets it exactly once, from its join or from the event. Events arrive on the bus's one thread, which takes
 * one room's monitor at a time and never blocks. Thread-safe.
 */
final class ClusteredMailboxes implements MailboxKeeping, MailboxBus.Listener {
    private final MailboxBus bus;
    private final RoomRegistry rooms;
    private final Replies replies;
    private final AddressGroupHmac addressHmac;

    ClusteredMailboxes(MailboxBus bus, RoomRegistry rooms, Replies replies, AddressGroupHmac addressHmac) {
        this.bus = bus;
        this.rooms = rooms;
        this.replies = replies;
        this.addressHmac = addressHmac;
    }

    @Override
    public void keep(ChatSession sender, Room room, HistoryStore.StoredPrivate message, boolean recipientOnline,
                     Runnable copy, Consumer<ChatError> refused) {
        bus.keep(room.key(), message, addressHmac.digest(sender.addressGroup()), recipientOnline,
                new MailboxBus.Outcome() {
                    @Override
                    public void kept() {
                        copy.run();
                    }

                    @Override
                    public void refused(MailboxBus.Refusal why) {
                        if (recipientOnline) {
                            copy.run(); // relayed live, only not kept
                        } else {
                            refused.accept(why == MailboxBus.Refusal.FULL ? LocalMailboxKeeping.mailboxFull(room)
                                    : ChatError.historyStoreBusy(room.name()));
                        }
                    }
                });
    }

    @Override
    public void delivered(Room room, List<Long> ids) {
        bus.markDelivered(room.key(), ids);
    }

    @Override
    public void remembered(Room room, ProvenIdentity identity) {
        room.mailbox().remember(identity);
        bus.remember(room.key(), identity);
    }

    /**
     * Re-reads every held room's mailbox from the shared one (after Redis came back: changes published meanwhile were
     * lost). Blocks on each read holding no lock, then replaces the room's messages under its monitor; a change that
     * arrives between the two is applied again by the next event of the same message, or lost until the next re-read.
     */
    void resync() {
        for (Room room : rooms.all()) {
            MailboxBus.Contents contents = bus.load(room.key());
            synchronized (room) {
                if (!room.isRemoved()) {
                    room.mailbox().replaceMessages(contents.messages().stream().map(m -> m.inRoom(room.name()))
                            .toList(), contents.delivered());
                }
            }
        }
    }

    @Override
    public void kept(String roomKey, HistoryStore.StoredPrivate message, boolean delivered, List<Long> displaced) {
        Room room = rooms.find(roomKey);
        if (room == null) {
            return; // not held here: a join that brings the room here loads its mailbox
        }
        synchronized (room) {
            if (room.isRemoved()) {
                return;
            }
            PrivateMailbox mailbox = room.mailbox();
            mailbox.forget(displaced);
            mailbox.restore(message.inRoom(room.name()), delivered);
            mailbox.remember(message.sender());
            mailbox.remember(message.recipient());
            Member recipient = room.devices(message.recipient().nickKey()).stream() // the device it was kept for
                    .filter(device -> ProvenIdentity.of(device).map(message.recipient()::same).orElse(false))
                    .findFirst().orElse(null);
            if (delivered || recipient == null) {
                return;
            }
            long id = message.toRecipient().id();
            mailbox.takeWaiting(id, message.recipient()).ifPresent(frame -> {
                replies.send(recipient.session(), frame);
                bus.markDelivered(roomKey, List.of(id));
            });
        }
    }

    @Override
    public void delivered(String roomKey, List<Long> ids) {
        inRoom(roomKey, mailbox -> mailbox.markDelivered(ids));
    }

    @Override
    public void deleted(String roomKey, List<Long> ids) {
        inRoom(roomKey, mailbox -> mailbox.forget(ids));
    }

    @Override
    public void remembered(String roomKey, ProvenIdentity identity) {
        inRoom(roomKey, mailbox -> mailbox.remember(identity));
    }

    /** Changes the mailbox of a room held here, under its monitor; a room not held (or gone) is left alone. */
    private void inRoom(String roomKey, Consumer<PrivateMailbox> change) {
        Room room = rooms.find(roomKey);
        if (room == null) {
            return;
        }
        synchronized (room) {
            if (!room.isRemoved()) {
                change.accept(room.mailbox());
            }
        }
    }
}
