package org.safehouse.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.safehouse.config.MailboxLimits;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.ServerFrame;

/**
 * A room's end-to-end encrypted private messages, kept as the ciphertext the server relayed, for their two parties
 * (DIM's store-and-forward): a message to a member who is offline waits here and is delivered when that identity
 * proves itself again. An identity is a nickname plus its signing key: each recipient identity has its own queue, so
 * someone taking the nickname later with another key gets nothing of it.
 *
 * <p>Bounded per recipient identity, per sender identity and per room, in messages and in bytes of encrypted body
 * ({@link MailboxLimits}), per sender address group (one person can prove many identities), by age, and by the
 * server-wide byte budget that all rooms' mailboxes share ({@code limits.private_message_bytes_total}). A message is <em>waiting</em> until its recipient has it (relayed live, or
 * sent at the recipient's next proven join), then <em>delivered</em> (kept so that either party's next join can show
 * the conversation). Admitting a new message may displace, oldest first, only delivered messages: the sender's own
 * for the sender's cap, its address group's for the group's cap, the recipient's for the recipient's cap, any for the
 * room's. A message still waiting leaves
 * only with age, so no member's flood can push out what waits for another; when displacing is not enough the new
 * message is refused.
 *
 * <p>Not thread-safe: guarded by the room's monitor.
 */
final class PrivateMailbox {
    /** Most identities remembered per room, oldest forgotten first. */
    static final int MAX_KNOWN_IDENTITIES = 1000;

    /** The outcome of {@link #admit}: kept, displacing these ids (oldest first); or not kept. */
    record Admission(boolean kept, List<Long> displaced) {
        static final Admission REFUSED = new Admission(false, List.of());
    }

    /** What a proven join gets: its frames, oldest first, and the ids that are delivered by it (now or before). */
    record Delivery(List<ServerFrame.PrivateMessage> frames, List<Long> nowDelivered) {
    }

    private static final class Entry {
        final HistoryStore.StoredPrivate message;
        final String senderKey;
        final String recipientKey;
        /** The sender's address group, or null for a message read back from a store (groups are not stored). */
        final String senderGroup;
        final long bytes;
        boolean delivered;

        Entry(HistoryStore.StoredPrivate message, String senderGroup, boolean delivered) {
            this.message = message;
            this.senderGroup = senderGroup;
            this.senderKey = identityKey(message.sender());
            this.recipientKey = identityKey(message.recipient());
            this.bytes = bytes(message);
            this.delivered = delivered;
        }

        long id() {
            return message.toRecipient().id();
        }
    }

    /** Messages and bytes held by one scope (a sender, a recipient, the room). */
    private static final class Usage {
        int messages;
        long bytes;

        void add(Entry entry, int sign) {
            messages += sign;
            bytes += sign * entry.bytes;
        }
    }

    /** How much a scope must give up before a new message fits: messages and bytes over its cap. */
    private static final class Excess {
        int messages;
        long bytes;

        Excess(Usage usage, long newBytes, int maxMessages, long maxBytes) {
            messages = usage.messages + 1 - maxMessages;
            bytes = usage.bytes + newBytes - maxBytes;
        }

        boolean remains() {
            return messages > 0 || bytes > 0;
        }

        void shrink(Entry entry) {
            messages--;
            bytes -= entry.bytes;
        }
    }

    /** The usage of a scope that holds nothing; never changed. */
    private static final Usage NONE = new Usage();

    private final MailboxLimits limits;
    private final long maxAgeMillis;
    /** What the mailboxes of all rooms may hold together ({@code limits.private_message_bytes_total}). */
    private final ByteBudget serverBudget;
    /** Every message by id: id order is arrival order, oldest first. */
    private final TreeMap<Long, Entry> messages = new TreeMap<>();
    private final Map<String, Usage> byRecipient = new HashMap<>();
    private final Map<String, Usage> bySender = new HashMap<>();
    private final Map<String, Usage> byGroup = new HashMap<>();
    private final Usage total = new Usage();
    private final Map<String, ProvenIdentity> known = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProvenIdentity> eldest) {
            return size() > MAX_KNOWN_IDENTITIES;
        }
    };

    /** With a budget of its own, as large as it may ever need (tests). */
    PrivateMailbox(MailboxLimits limits, long maxAgeMillis) {
        this(limits, maxAgeMillis, new ByteBudget(Long.MAX_VALUE / 4));
    }

    PrivateMailbox(MailboxLimits limits, long maxAgeMillis, ByteBudget serverBudget) {
        this.limits = limits;
        this.maxAgeMillis = maxAgeMillis;
        this.serverBudget = serverBudget;
    }

    void remember(ProvenIdentity identity) {
        known.put(identity.nickKey(), identity);
    }

    /** The identity last proven under a nickname key in this room, if remembered. */
    Optional<ProvenIdentity> known(String nickKey) {
        return Optional.ofNullable(known.get(nickKey));
    }

    /**
     * Keeps a new message if the caps allow, displacing delivered messages where needed (see the class comment).
     * {@code senderGroup}: the sender's address group. {@code delivered}: its recipient is online and gets it now.
     * Nothing changes when it is refused.
     */
    Admission admit(HistoryStore.StoredPrivate message, String senderGroup, boolean delivered) {
        if (!limits.keepsAny()) {
            return Admission.REFUSED;
        }
        Entry entry = new Entry(message, senderGroup, delivered);
        Excess sender = new Excess(bySender.getOrDefault(entry.senderKey, NONE), entry.bytes,
                limits.messagesPerSender(), limits.bytesPerSender());
        Excess recipient = new Excess(byRecipient.getOrDefault(entry.recipientKey, NONE), entry.bytes,
                limits.messagesPerRecipient(), limits.bytesPerRecipient());
        Excess room = new Excess(total, entry.bytes, limits.messagesPerRoom(), limits.bytesPerRoom());
        Excess group = new Excess(byGroup.getOrDefault(senderGroup, NONE), entry.bytes,
                limits.messagesPerAddressGroup(), limits.bytesPerAddressGroup());
        List<Entry> displaced = new ArrayList<>();
        for (Entry old : messages.values()) {
            if (!sender.remains() && !recipient.remains() && !room.remains() && !group.remains()) {
                break;
            }
            boolean fromSender = old.senderKey.equals(entry.senderKey);
            boolean toRecipient = old.recipientKey.equals(entry.recipientKey);
            boolean fromGroup = senderGroup.equals(old.senderGroup);
            boolean helps = room.remains() || sender.remains() && fromSender || recipient.remains() && toRecipient
                    || group.remains() && fromGroup;
            if (!old.delivered || !helps) {
                continue;
            }
            displaced.add(old);
            room.shrink(old);
            if (fromSender) {
                sender.shrink(old);
            }
            if (toRecipient) {
                recipient.shrink(old);
            }
            if (fromGroup) {
                group.shrink(old);
            }
        }
        if (sender.remains() || recipient.remains() || room.remains() || group.remains()) {
            return Admission.REFUSED;
        }
        long freed = displaced.stream().mapToLong(old -> old.bytes).sum();
        if (serverBudget.used() - freed + entry.bytes > serverBudget.limit()) {
            return Admission.REFUSED; // the server's mailboxes are full: nothing of another room is displaced
        }
        List<Long> ids = new ArrayList<>(displaced.size());
        for (Entry old : displaced) {
            remove(old);
            ids.add(old.id());
        }
        add(entry);
        return new Admission(true, ids);
    }

    /**
     * Puts back a message read from a durable store at start, or kept by the cluster (a mirror's event), as it was
     * kept: the store kept to the caps. A message already held is left as it is, so an event may arrive twice.
     */
    void restore(HistoryStore.StoredPrivate message, boolean delivered) {
        if (!messages.containsKey(message.toRecipient().id())) {
            add(new Entry(message, null, delivered));
        }
    }

    /**
     * Holds exactly these messages from now on (the cluster's mailbox as re-read after an outage), delivered as
     * {@code delivered} says; the identities remembered stay.
     */
    void replaceMessages(List<HistoryStore.StoredPrivate> kept, Set<Long> delivered) {
        forget(List.copyOf(messages.keySet()));
        kept.forEach(message -> restore(message, delivered.contains(message.toRecipient().id())));
    }

    /** Forgets these messages (the cluster's mailbox displaced or deleted them); ids not held are ignored. */
    void forget(Collection<Long> ids) {
        for (Long id : ids) {
            Entry entry = messages.get(id);
            if (entry != null) {
                remove(entry);
            }
        }
    }

    /** Records that these messages reached their recipient (on another node); ids not held are ignored. */
    void markDelivered(Collection<Long> ids) {
        for (Long id : ids) {
            Entry entry = messages.get(id);
            if (entry != null) {
                entry.delivered = true;
            }
        }
    }

    /**
     * The frame of a message kept for {@code recipient} and not delivered yet, now counted as delivered: a message
     * the cluster kept while its recipient was joining here, which its join could not take yet.
     */
    Optional<ServerFrame.PrivateMessage> takeWaiting(long id, ProvenIdentity recipient) {
        Entry entry = messages.get(id);
        if (entry == null || entry.delivered || !entry.recipientKey.equals(identityKey(recipient))) {
            return Optional.empty();
        }
        entry.delivered = true;
        return Optional.of(entry.message.toRecipient().withDevices(Optional.of(device(entry.message.sender())),
                Optional.empty()));
    }

    /** The key fingerprint of a party's device ({@code SrcDevice}, {@code TgtDevice}), from the key it proved. */
    private static String device(ProvenIdentity party) {
        return IdentityKeys.fingerprintOf(party.signingKey());
    }

    /** The largest id held, or 0. */
    long newestId() {
        return messages.isEmpty() ? 0 : messages.lastKey();
    }

    /** Forgets messages older than the age limit, waiting or not. */
    void expire(long nowMillis) {
        if (maxAgeMillis <= 0) {
            return;
        }
        while (!messages.isEmpty()
                && messages.firstEntry().getValue().message.toRecipient().timestamp() < nowMillis - maxAgeMillis) {
            remove(messages.firstEntry().getValue());
        }
    }

    /**
     * What a proven join of this identity gets: messages to or from it with an id above {@code afterId}, oldest
     * first, each as that party sees it (the recipient's frame without {@code TgtUser}, the sender's copy with it;
     * both naming the sending device, {@code SrcDevice}, and the sender's copy the receiving one, {@code TgtDevice}).
     * Every message to this identity counts as delivered from now on.
     */
    Delivery forIdentity(ProvenIdentity who, long afterId) {
        String key = identityKey(who);
        List<ServerFrame.PrivateMessage> frames = new ArrayList<>();
        List<Long> nowDelivered = new ArrayList<>();
        for (Entry entry : messages.values()) {
            HistoryStore.StoredPrivate stored = entry.message;
            ServerFrame.PrivateMessage m = stored.toRecipient();
            if (entry.recipientKey.equals(key)) {
                if (!entry.delivered) {
                    entry.delivered = true;
                    nowDelivered.add(m.id());
                }
                if (m.id() > afterId) {
                    frames.add(m.withDevices(Optional.of(device(stored.sender())), Optional.empty()));
                }
            } else if (entry.senderKey.equals(key) && m.id() > afterId) {
                frames.add(new ServerFrame.PrivateMessage(m.id(), m.room(), m.timestamp(), m.sender(),
                        Optional.of(stored.recipient().nick()), m.text(), m.encrypted(), false,
                        Optional.of(device(stored.sender())), Optional.of(device(stored.recipient()))));
            }
        }
        return new Delivery(frames, nowDelivered);
    }

    /** Messages kept, in all. */
    int size() {
        return messages.size();
    }

    /**
     * Gives this mailbox's bytes back to the server's budget and forgets every message and remembered identity;
     * called once, when its room is removed, deleted or wiped.
     */
    void discard() {
        serverBudget.release(total.bytes);
        known.clear();
        messages.clear();
        bySender.clear();
        byRecipient.clear();
        byGroup.clear();
        total.messages = 0;
        total.bytes = 0;
    }

    private void add(Entry entry) {
        messages.put(entry.id(), entry);
        usage(bySender, entry.senderKey).add(entry, 1);
        usage(byRecipient, entry.recipientKey).add(entry, 1);
        total.add(entry, 1);
        serverBudget.charge(entry.bytes);
        if (entry.senderGroup != null) {
            usage(byGroup, entry.senderGroup).add(entry, 1);
        }
    }

    private void remove(Entry entry) {
        messages.remove(entry.id());
        release(bySender, entry.senderKey, entry);
        release(byRecipient, entry.recipientKey, entry);
        total.add(entry, -1);
        serverBudget.release(entry.bytes);
        if (entry.senderGroup != null) {
            release(byGroup, entry.senderGroup, entry);
        }
    }

    private static Usage usage(Map<String, Usage> scopes, String key) {
        return scopes.computeIfAbsent(key, k -> new Usage());
    }

    /** Gives back an entry's share; a scope that holds nothing more is forgotten, so the maps stay bounded. */
    private static void release(Map<String, Usage> scopes, String key, Entry entry) {
        Usage usage = scopes.get(key);
        usage.add(entry, -1);
        if (usage.messages == 0) {
            scopes.remove(key);
        }
    }

    /** A queue's key: the nickname (as compared) and the signing key it proved. */
    private static String identityKey(ProvenIdentity identity) {
        return identity.nickKey() + '\n' + identity.signingKey();
    }

    /** What a message costs against the byte caps: its encrypted body as relayed. */
    static long bytes(HistoryStore.StoredPrivate message) {
        return message.bytes();
    }
}
