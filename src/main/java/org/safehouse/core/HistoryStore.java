package org.safehouse.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * Where room history outlives the process: the core's port to durable storage. The room's in-memory window (and its
 * mailbox of encrypted private messages) stays the source of truth while running; a store keeps a copy that is read
 * back once, at start. Two implementations: {@link #NONE}, the memory store (history lives in the rooms' memory
 * only), and {@code storage.SqliteHistoryStore}; {@code HistoryStoreContract} tests both against this list.
 *
 * <ol>
 *   <li>{@link #append}, {@link #appendPrivate}, {@link #markPrivateDelivered}, {@link #deletePrivate},
 *       {@link #dropRoom}, {@link #startRoom}, {@link #keepOnly} and {@link #acceptsNewMessages} MUST NOT block:
 *       they are called under a room's lock, on the thread that delivers live messages. Storage work happens on the
 *       store's own thread.</li>
 *   <li>{@code onDurable} runs exactly once, after the message is stored durably (at once, on the caller's thread,
 *       for the memory store, which keeps nothing), on any thread and with no lock of the store held; the core uses
 *       it to acknowledge the sender. An acknowledged message survives a restart (not with the memory store).</li>
 *   <li>The calls of one room are applied in call order (an append, then its delivery mark, then its deletion).</li>
 *   <li>A store MAY bound the work it has not stored yet. While {@link #acceptsNewMessages} is false the core
 *       refuses a new {@code Broadcast}, or an encrypted private message to an offline member, with
 *       {@code server_busy} (nothing delivered, nothing kept) instead of waiting; one to a member online is relayed,
 *       only not kept. A store takes the calls that follow messages it already took, and the few
 *       appends that asked just before it filled, into a reserve; a call refused beyond that is logged, and its
 *       {@code onDurable} never runs: a message is never acknowledged and then lost. The memory store is never
 *       full.</li>
 *   <li>{@link #close} stores what was called before it (its callbacks run before it returns), then keeps nothing
 *       more: a durable store drops later calls and runs none of their callbacks.</li>
 *   <li>Only end-to-end encrypted private messages reach {@link #appendPrivate}: the store keeps ciphertext and the
 *       two parties' public identities, never a plain text.</li>
 *   <li>{@link #load} may block (for a transaction in progress) and returns what was stored by earlier calls whose
 *       callbacks ran; the core calls it, and {@link #keepOnly}, at start, before any append. The memory store
 *       loads nothing.</li>
 *   <li>The store enforces the same count and age limits as the rooms, and deletes what falls out of them (private
 *       messages: those the mailbox displaced, {@link #deletePrivate}, and by age). It
 *       remembers, per room, the largest id it deleted so ({@link StoredRoom#evictedThrough}): a history rebuilt
 *       at start knows where its window begins.</li>
 *   <li>{@link #purgeRoom} and {@link #purgeAll} (a panic wipe, a deleted room) delete like {@link #dropRoom},
 *       in call order with the room's other calls (so they take every message called before them), and then
 *       erase: once their work is written, none of the deleted bytes is left in the store's files (database,
 *       journal, WAL). They MUST NOT block, and a full queue MUST NOT refuse them.</li>
 * </ol>
 */
public interface HistoryStore extends AutoCloseable {

    /** A message as stored, with the sender-scoped client id that makes resends idempotent. */
    record StoredMessage(ServerFrame.Broadcast message, Optional<String> clientKey) {
    }

    /**
     * An encrypted private message kept for store-and-forward: the frame its recipient receives (its {@code text} is
     * always empty, its {@code encrypted} body present) and both parties.
     */
    record StoredPrivate(ServerFrame.PrivateMessage toRecipient, ProvenIdentity sender, ProvenIdentity recipient) {

        /** What it costs against the mailbox caps: its encrypted body as relayed (ciphertext, iv, signature, id). */
        public long bytes() {
            EncryptedBody body = toRecipient.encrypted().orElseThrow(
                    () -> new IllegalArgumentException("only encrypted private messages are kept"));
            return (long) body.ciphertext().length() + body.iv().length() + body.signature().length()
                    + body.clientMsgId().length();
        }

        /** The same message as read back from a store, under the room's display name. */
        StoredPrivate inRoom(String roomName) {
            ServerFrame.PrivateMessage m = toRecipient;
            return new StoredPrivate(new ServerFrame.PrivateMessage(m.id(), roomName, m.timestamp(), m.sender(),
                    Optional.empty(), Optional.empty(), m.encrypted(), false), sender, recipient);
        }
    }

    /**
     * What a room kept: its history epoch, its newest messages and its encrypted private messages, each oldest
     * first, the ids of those private messages their recipient already has, and where its window begins:
     * {@code evictedThrough} is the largest id of a room message that retention deleted in this epoch (-1 when
     * none), so a resume from an older id still learns it missed some.
     */
    record StoredRoom(String epoch, List<StoredMessage> messages, List<StoredPrivate> privateMessages,
                      Set<Long> deliveredPrivate, long evictedThrough) {
        public StoredRoom(String epoch, List<StoredMessage> messages) {
            this(epoch, messages, List.of(), Set.of(), -1);
        }
    }

    Optional<StoredRoom> load(String roomKey);

    /**
     * Records the epoch of a room whose history starts now (so a restart keeps it, and resumes still work); any
     * messages stored for the key before, private ones included, are deleted.
     */
    void startRoom(String roomKey, String epoch);

    /**
     * Forgets every room not in {@code roomKeys}, with its messages (private ones included): the configured rooms and
     * the created rooms a {@link RoomCatalog} kept are the ones that survive.
     */
    void keepOnly(Collection<String> roomKeys);

    void append(String roomKey, StoredMessage message, Runnable onDurable);

    /** Keeps an encrypted private message of the room; {@code onDurable} as for {@link #append}. */
    void appendPrivate(String roomKey, StoredPrivate message, Runnable onDurable);

    /** Records that these private messages of the room reached their recipient. */
    void markPrivateDelivered(String roomKey, Collection<Long> ids);

    /**
     * Deletes these private messages of the room (displaced by newer ones under the mailbox caps). The store keeps
     * what the rooms' mailboxes keep: it deletes private messages only so, by age, and with their room.
     */
    void deletePrivate(String roomKey, Collection<Long> ids);

    /** Deletes a room and its messages, private ones included (a created room whose last member left). */
    void dropRoom(String roomKey);

    /**
     * Deletes everything stored for the room (its epoch, messages, private messages) and erases it from the files
     * (contract item 9): a wiped or deleted room. A room that goes on starts again with {@link #startRoom}.
     */
    void purgeRoom(String roomKey);

    /** As {@link #purgeRoom}, for every room stored: the server's panic wipe. */
    void purgeAll();

    /**
     * Whether the store can take a new message now: false while its queue of unstored work is full (the disk is
     * behind). The core asks before it delivers a {@code Broadcast} or keeps an encrypted private message.
     */
    default boolean acceptsNewMessages() {
        return true;
    }

    @Override
    void close();

    /** The private default: history lives in memory only; nothing touches the disk. */
    HistoryStore NONE = new HistoryStore() {
        @Override
        public Optional<StoredRoom> load(String roomKey) {
            return Optional.empty();
        }

        @Override
        public void startRoom(String roomKey, String epoch) {
        }

        @Override
        public void keepOnly(Collection<String> roomKeys) {
        }

        @Override
        public void append(String roomKey, StoredMessage message, Runnable onDurable) {
            onDurable.run();
        }

        @Override
        public void appendPrivate(String roomKey, StoredPrivate message, Runnable onDurable) {
            onDurable.run();
        }

        @Override
        public void markPrivateDelivered(String roomKey, Collection<Long> ids) {
        }

        @Override
        public void deletePrivate(String roomKey, Collection<Long> ids) {
        }

        @Override
        public void dropRoom(String roomKey) {
        }

        @Override
        public void purgeRoom(String roomKey) {
        }

        @Override
        public void purgeAll() {
        }

        @Override
        public void close() {
        }
    };
}
