package org.safehouse.core;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ServerFrame;

/**
 * Private messages between members of one room, and the mailbox that keeps encrypted ones for a proven identity
 * ({@link PrivateMailbox}). A message to a member online is published to that member's topic; an encrypted one is
 * also kept (within the mailbox's caps) until the recipient's next proven join takes it, and to an offline but known
 * identity it is only kept. The sender gets its copy ({@code queued}: true when the recipient was offline) once a
 * durable store holds the message, and only while it is still the same member. Plain private messages are never
 * stored. Every method takes or expects the room's monitor (see docs/ARCHITECTURE.md); thread-safe.
 */
final class PrivateDelivery {
    private final MessageLog log;
    private final HistoryStore store;
    private final Replies replies;
    private final Clock clock;

    PrivateDelivery(MessageLog log, HistoryStore store, Replies replies, Clock clock) {
        this.log = log;
        this.store = store;
        this.replies = replies;
        this.clock = clock;
    }

    /**
     * Delivers a checked private message from {@code member} (the text, or the encrypted body). Takes the room's
     * monitor.
     *
     * @throws ChatError {@code not_in_room}, {@code unknown_recipient}, {@code keys_required}, {@code mailbox_full}
     */
    void send(ChatSession session, Member member, ClientFrame.PrivateMessage message, Optional<String> text)
            throws ChatError {
        Room room = member.room();
        Names.Checked target = Names.nickname(message.target());
        synchronized (room) {
            if (!room.isMember(member)) {
                throw new ChatError(ErrorCode.NOT_IN_ROOM, "not in this room", Optional.of(room.name()));
            }
            String targetKey = target.ok() ? Names.key(target.value()) : "";
            Member recipient = room.member(targetKey);
            Optional<ProvenIdentity> offline = recipient == null && message.encrypted().isPresent()
                    ? room.mailbox().known(targetKey) : Optional.empty();
            if (recipient == null && offline.isEmpty()) {
                throw new ChatError(ErrorCode.UNKNOWN_RECIPIENT, "no such user in this room",
                        Optional.of(room.name()));
            }
            if (recipient != null && message.encrypted().isPresent() && recipient.keys().isEmpty()) {
                throw new ChatError(ErrorCode.KEYS_REQUIRED, "the recipient has no keys to encrypt to",
                        Optional.of(room.name()));
            }
            long id = log.nextId();
            long now = clock.millis();
            ServerFrame.PrivateMessage toRecipient = new ServerFrame.PrivateMessage(id, room.name(), now,
                    member.nick(), Optional.empty(), text, message.encrypted(), false);
            Optional<ProvenIdentity> to = recipient != null ? ProvenIdentity.of(recipient) : offline;
            Optional<HistoryStore.StoredPrivate> kept = message.encrypted().isPresent() && to.isPresent()
                    ? Optional.of(new HistoryStore.StoredPrivate(toRecipient,
                            ProvenIdentity.of(member).orElseThrow(), to.get()))
                    : Optional.empty(); // plain private messages are never stored
            if (kept.isPresent() && !store.acceptsNewMessages()) {
                if (recipient == null) {
                    throw ChatError.historyStoreBusy(room.name());
                }
                kept = Optional.empty(); // relayed to the member online, only not kept
            }
            kept = admitted(session, room, kept, recipient != null);
            if (recipient != null) {
                log.publish(recipient.directTopic(), toRecipient);
            }
            Runnable senderCopy = () -> { };
            if (!session.isLegacy()) {
                String targetNick = recipient != null ? recipient.nick() : offline.get().nick();
                ServerFrame.PrivateMessage copy = new ServerFrame.PrivateMessage(id, room.name(), now,
                        member.nick(), Optional.of(targetNick), text, message.encrypted(), recipient == null);
                senderCopy = () -> sendIfStillMember(session, member, copy);
            }
            if (kept.isPresent()) {
                // The sender's copy (the only sign the message was taken) comes once the store has it: with a
                // durable store, "queued": true then means the message survives a restart.
                store.appendPrivate(room.key(), kept.get(), senderCopy);
                if (recipient != null) { // after the append: the store applies a room's calls in order
                    store.markPrivateDelivered(room.key(), List.of(id));
                }
            } else {
                senderCopy.run();
            }
        }
    }

    /**
     * On a proven join: remembers the identity (so it can be written to while offline) and queues the private
     * messages kept for it, those after {@code since} when the client resumes the same epoch, else all it may have
     * missed. Caller holds the room's monitor.
     */
    void deliverKept(Member member, Optional<Long> since, Optional<String> epoch) {
        Optional<ProvenIdentity> identity = ProvenIdentity.of(member);
        if (identity.isEmpty()) {
            return;
        }
        Room room = member.room();
        room.mailbox().remember(identity.get());
        long after = since.isPresent() && epoch.isPresent() && epoch.get().equals(room.epoch()) ? since.get() : -1;
        PrivateMailbox.Delivery delivery = room.mailbox().forIdentity(identity.get(), after);
        for (ServerFrame.PrivateMessage stored : delivery.frames()) {
            replies.send(member.session(), stored);
        }
        if (!delivery.nowDelivered().isEmpty()) {
            store.markPrivateDelivered(room.key(), delivery.nowDelivered());
        }
    }

    /**
     * Keeps an encrypted private message in the room's mailbox if its caps allow (see {@link PrivateMailbox}); what
     * it displaces leaves the store too. One the caps refuse is still relayed to an online recipient, only not kept;
     * to an offline recipient it is refused with {@code mailbox_full}, and nothing waiting for anyone is lost.
     * Caller holds the room's monitor.
     */
    private Optional<HistoryStore.StoredPrivate> admitted(ChatSession session, Room room,
                                                          Optional<HistoryStore.StoredPrivate> message,
                                                          boolean recipientOnline) throws ChatError {
        if (message.isEmpty()) {
            return message;
        }
        PrivateMailbox.Admission admission = room.mailbox().admit(message.get(), session.addressGroup(),
                recipientOnline);
        if (!admission.kept()) {
            if (recipientOnline) {
                return Optional.empty();
            }
            throw new ChatError(ErrorCode.MAILBOX_FULL, "too many private messages are waiting (from you, for "
                    + "your address, for this recipient, or in this room); try again when the recipient is back",
                    Optional.of(room.name()));
        }
        if (!admission.displaced().isEmpty()) {
            store.deletePrivate(room.key(), admission.displaced());
        }
        return message;
    }

    /**
     * Sends a sender's copy unless the sender left (or rejoined) meanwhile: a rejoin already delivered it from the
     * mailbox, and a connection gets each private message at most once between two Joined frames. Takes the room's
     * monitor (on the history writer thread, with a durable store).
     */
    private void sendIfStillMember(ChatSession session, Member member, ServerFrame.PrivateMessage copy) {
        Room room = member.room();
        synchronized (room) {
            if (room.isMember(member)) {
                replies.send(session, copy);
            }
        }
    }
}
