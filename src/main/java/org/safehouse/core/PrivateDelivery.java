package org.safehouse.core;

import java.time.Clock;
import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.Names;
import org.safehouse.protocol.ServerFrame;

/**
 * Private messages between members of one room, and the mailbox that keeps encrypted ones for a proven identity
 * ({@link PrivateMailbox}). A message to a member online is published to that member's topic; an encrypted one is
 * also kept (within the mailbox's caps) until the recipient's next proven join takes it, and to an offline but known
 * identity it is only kept. The sender gets its copy ({@code queued}: true when the recipient was offline) once a
 * durable store holds the message, and only while it is still the same member. Plain private messages are never
 * stored. A message may name one device of its recipient ({@code TgtDevice}): it then goes to that device alone, live
 * on its own topic, and is kept for that device's identity (its nickname and device key) when the person's newest
 * device list names it. Every method takes or expects the room's monitor (see docs/ARCHITECTURE.md); thread-safe.
 */
final class PrivateDelivery {
    private final MessageLog log;
    private final MailboxKeeping keeping;
    private final Replies replies;
    private final Clock clock;

    PrivateDelivery(MessageLog log, MailboxKeeping keeping, Replies replies, Clock clock) {
        this.log = log;
        this.keeping = keeping;
        this.replies = replies;
        this.clock = clock;
    }

    /** Whom a private message goes to live: a member online, here or on another node, and its member topic. */
    private record Recipient(String nick, String topic, Optional<ProvenIdentity> identity) {
        static Optional<Recipient> online(Room room, String nickKey) {
            Member local = room.member(nickKey);
            if (local != null) {
                return Optional.of(new Recipient(local.nick(), local.directTopic(), ProvenIdentity.of(local)));
            }
            RemoteMember remote = room.remoteMember(nickKey);
            if (remote != null) { // its node holds the connection, subscribed to the same member topic
                return Optional.of(new Recipient(remote.nick(), Topics.member(room.key(), nickKey), remote.publicKeys()
                        .map(keys -> new ProvenIdentity(remote.nick(), remote.nickKey(), keys.signing()))));
            }
            return Optional.empty();
        }

        /**
         * Whom a private message to one device goes to live: that device, when this node holds it and no newer list of
         * its person leaves it out (an unlinked device still connected gets nothing more).
         */
        static Optional<Recipient> device(Room room, String nickKey, String fingerprint) {
            Optional<RoomDeviceLists.Known> listed = room.deviceList(nickKey);
            if (listed.isPresent() && !listed.get().names(fingerprint)) {
                return Optional.empty();
            }
            for (Member device : room.devices(nickKey)) {
                if (device.fingerprint().orElse("").equals(fingerprint)) {
                    return Optional.of(new Recipient(device.nick(), device.deviceTopic().orElseThrow(),
                            ProvenIdentity.of(device)));
                }
            }
            return Optional.empty();
        }

        /**
         * The identity of a device its person's newest list names, to keep a message for while it is offline; with no
         * list remembered, the identity last proven under the name when it is that device (a one-device person).
         */
        static Optional<ProvenIdentity> listedDevice(Room room, String nickKey, String fingerprint) {
            Optional<RoomDeviceLists.Known> listed = room.deviceList(nickKey);
            if (listed.isPresent()) {
                return listed.get().deviceSigningKey(fingerprint)
                        .map(signing -> new ProvenIdentity(listed.get().nick(), nickKey, signing));
            }
            return room.mailbox().known(nickKey)
                    .filter(identity -> IdentityKeys.fingerprintOf(identity.signingKey()).equals(fingerprint));
        }
    }

    /**
     * Delivers a checked private message from {@code member} (the text, or the encrypted body). Takes the room's
     * monitor.
     *
     * @throws ChatError {@code not_in_room}, {@code unknown_recipient}, {@code keys_required}, {@code mailbox_full},
     *                   {@code server_busy}
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
            Optional<String> targetDevice = message.targetDevice();
            Optional<Recipient> online = targetDevice.isPresent()
                    ? Recipient.device(room, targetKey, targetDevice.get()) : Recipient.online(room, targetKey);
            Optional<ProvenIdentity> offline = online.isEmpty() && message.encrypted().isPresent()
                    ? (targetDevice.isPresent() ? Recipient.listedDevice(room, targetKey, targetDevice.get())
                    : room.mailbox().known(targetKey)) : Optional.empty();
            if (online.isEmpty() && offline.isEmpty()) {
                throw new ChatError(ErrorCode.UNKNOWN_RECIPIENT, "no such user in this room",
                        Optional.of(room.name()));
            }
            if (online.isPresent() && message.encrypted().isPresent() && online.get().identity().isEmpty()) {
                throw new ChatError(ErrorCode.KEYS_REQUIRED, "the recipient has no keys to encrypt to",
                        Optional.of(room.name()));
            }
            long id = log.nextId();
            long now = clock.millis();
            Optional<ProvenIdentity> to = online.isPresent() ? online.get().identity() : offline;
            // Which device sent it, and (in the sender's copy) which it went to: a person's devices each hold keys.
            Optional<String> sourceDevice = message.encrypted().isPresent() ? member.fingerprint() : Optional.empty();
            Optional<String> toDevice = message.encrypted().isPresent()
                    ? to.map(identity -> IdentityKeys.fingerprintOf(identity.signingKey())) : Optional.empty();
            ServerFrame.PrivateMessage toRecipient = new ServerFrame.PrivateMessage(id, room.name(), now,
                    member.nick(), Optional.empty(), text, message.encrypted(), false, sourceDevice,
                    Optional.empty());
            Runnable senderCopy = () -> { };
            if (!session.isLegacy()) {
                String targetNick = online.isPresent() ? online.get().nick() : offline.get().nick();
                ServerFrame.PrivateMessage copy = new ServerFrame.PrivateMessage(id, room.name(), now,
                        member.nick(), Optional.of(targetNick), text, message.encrypted(), online.isEmpty(),
                        sourceDevice, toDevice);
                senderCopy = () -> sendIfStillMember(session, member, copy);
            }
            // Published first: keeping refuses only a message for an offline recipient.
            online.ifPresent(recipient -> log.publish(recipient.topic(), toRecipient));
            if (message.encrypted().isEmpty() || to.isEmpty()) {
                senderCopy.run(); // plain private messages are never stored
                return;
            }
            HistoryStore.StoredPrivate kept = new HistoryStore.StoredPrivate(toRecipient,
                    ProvenIdentity.of(member).orElseThrow(), to.get());
            Optional<String> clientMsgId = message.encrypted().map(EncryptedBody::clientMsgId);
            keeping.keep(session, room, kept, online.isPresent(), senderCopy,
                    error -> replies.send(session, error.toFrame().refusing(clientMsgId)));
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
        keeping.remembered(room, identity.get());
        long after = since.isPresent() && epoch.isPresent() && epoch.get().equals(room.epoch()) ? since.get() : -1;
        PrivateMailbox.Delivery delivery = room.mailbox().forIdentity(identity.get(), after);
        for (ServerFrame.PrivateMessage stored : delivery.frames()) {
            replies.send(member.session(), stored);
        }
        if (!delivery.nowDelivered().isEmpty()) {
            keeping.delivered(room, delivery.nowDelivered());
        }
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
