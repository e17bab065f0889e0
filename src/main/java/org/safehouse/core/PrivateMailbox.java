package org.safehouse.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safehouse.protocol.ServerFrame;

/**
 * A room's end-to-end encrypted private messages, kept as the ciphertext the server relayed, for their two parties
 * (DIM's store-and-forward): a message to a member who is offline waits here and is delivered when that identity
 * proves itself again. Identities are nickname plus signing key, so someone else taking the nickname gets nothing.
 * Bounded like the room history (count and age). Not thread-safe: guarded by the room's monitor.
 */
final class PrivateMailbox {
    /** Most identities remembered per room, oldest forgotten first. */
    static final int MAX_KNOWN_IDENTITIES = 1000;

    private final int maxMessages;
    private final long maxAgeMillis;
    private final ArrayDeque<HistoryStore.StoredPrivate> messages = new ArrayDeque<>();
    private final Map<String, ProvenIdentity> known = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProvenIdentity> eldest) {
            return size() > MAX_KNOWN_IDENTITIES;
        }
    };

    PrivateMailbox(int maxMessages, long maxAgeMillis) {
        this.maxMessages = maxMessages;
        this.maxAgeMillis = maxAgeMillis;
    }

    void remember(ProvenIdentity identity) {
        known.put(identity.nickKey(), identity);
    }

    /** The identity last proven under a nickname key in this room, if remembered. */
    Optional<ProvenIdentity> known(String nickKey) {
        return Optional.ofNullable(known.get(nickKey));
    }

    void store(HistoryStore.StoredPrivate message) {
        if (maxMessages == 0) {
            return;
        }
        messages.addLast(message);
        while (messages.size() > maxMessages) {
            messages.removeFirst();
        }
    }

    /** The largest id held, or 0. */
    long newestId() {
        return messages.isEmpty() ? 0 : messages.peekLast().toRecipient().id();
    }

    void expire(long nowMillis) {
        if (maxAgeMillis <= 0) {
            return;
        }
        while (!messages.isEmpty() && messages.peekFirst().toRecipient().timestamp() < nowMillis - maxAgeMillis) {
            messages.removeFirst();
        }
    }

    /**
     * Messages to or from this identity with an id above {@code afterId}, oldest first, each as that party sees it:
     * the recipient's frame without {@code TgtUser}, the sender's copy with it.
     */
    List<ServerFrame.PrivateMessage> forIdentity(ProvenIdentity who, long afterId) {
        List<ServerFrame.PrivateMessage> frames = new ArrayList<>();
        for (Iterator<HistoryStore.StoredPrivate> it = messages.iterator(); it.hasNext(); ) {
            HistoryStore.StoredPrivate stored = it.next();
            ServerFrame.PrivateMessage m = stored.toRecipient();
            if (m.id() <= afterId) {
                continue;
            }
            if (stored.recipient().same(who)) {
                frames.add(m);
            } else if (stored.sender().same(who)) {
                frames.add(new ServerFrame.PrivateMessage(m.id(), m.room(), m.timestamp(), m.sender(),
                        Optional.of(stored.recipient().nick()), m.text(), m.encrypted(), false));
            }
        }
        return frames;
    }
}
