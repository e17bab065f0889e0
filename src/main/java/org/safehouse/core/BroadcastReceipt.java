package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ServerFrame;

/**
 * What the sender of a Broadcast hears once the room's {@link MessageLog} has decided: an Ack when the message is
 * kept durably (after the history store has it: with SQLite, an acknowledged message survives a restart; in a
 * cluster, Redis's stream already holds it), the earlier Ack again for a resend, or the refusal naming its client
 * id when it could not be kept. Runs on whichever thread the log calls it on, holding no lock; sending is a queue
 * offer. Immutable.
 */
final class BroadcastReceipt implements MessageLog.Appended {
    private final ChatContext context;
    private final ChatSession session;
    private final Room room;
    private final Optional<String> clientMsgId;
    private final Optional<String> clientKey;

    BroadcastReceipt(ChatContext context, ChatSession session, Room room, Optional<String> clientMsgId,
                     Optional<String> clientKey) {
        this.context = context;
        this.session = session;
        this.room = room;
        this.clientMsgId = clientMsgId;
        this.clientKey = clientKey;
    }

    @Override
    public void appended(ServerFrame.Broadcast message) {
        if (message.sealed().isEmpty()) { // a sealed message has no text to give an embedding application
            context.events().get().message(room.name(), message.sender(), message.text(), message.id());
        }
        context.historyStore().append(room.key(), new HistoryStore.StoredMessage(message, clientKey),
                () -> resent(message));
    }

    @Override
    public void resent(ServerFrame.Broadcast message) {
        clientMsgId.ifPresent(id -> context.replies().send(session,
                new ServerFrame.Ack(room.name(), id, message.id(), message.timestamp())));
    }

    @Override
    public void failed(ChatError error) {
        context.replies().send(session, error.toFrame().refusing(clientMsgId));
    }
}
