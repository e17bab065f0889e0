package org.safehouse.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ServerFrame;

/**
 * A room's recent messages: at most {@code maxMessages} and {@code maxBytes}, none older than {@code maxAgeMillis}
 * (when positive), ids strictly increasing. Thread-safe through its own monitor, a leaf lock (every method is
 * synchronized and calls nothing that locks), so that the server-wide {@link HistoryBudget} can evict the oldest
 * message of any room without that room's monitor. The room's monitor still orders appends with publishing.
 *
 * <p>Bytes are each message's encoded size (what it costs on the wire; in memory a message takes at most about that:
 * a text of control characters escapes to 6 bytes a character) plus {@value #OVERHEAD_BYTES} for the objects that hold
 * it, measured once when appended. Whatever leaves, for any reason (count, bytes, age, the server-wide budget), moves
 * the window's start: a resume from before it is not complete.
 *
 * <p>Paging compares ids, it does not look them up, so any id is a valid bound: {@code before} returns the newest
 * {@code limit} messages with a smaller id, {@code after} the oldest {@code limit} with a larger id; both oldest first.
 */
final class RoomHistory {
    /** A page, oldest first; {@code hasMore} says more messages exist beyond it in the direction paged. */
    record Page(List<ServerFrame.Broadcast> messages, boolean hasMore) {
        /**
         * Only the messages after {@code floor} (a member's first visible id, see {@link Room#historyFloor}): for
         * whoever may not see older ones, nothing older exists.
         */
        Page visibleAfter(long floor) {
            List<ServerFrame.Broadcast> visible = messages.stream().filter(m -> m.id() > floor).toList();
            return visible.size() == messages.size() ? this : new Page(visible, false);
        }
    }

    /** What a resuming client gets: every message after its id, and whether that is all it missed. */
    record Recovery(List<ServerFrame.Broadcast> messages, boolean complete, boolean hasMore) {
    }

    /** What holding one message costs beyond its encoded bytes: the record, its strings, deque and map slots. */
    static final int OVERHEAD_BYTES = 256;
    private static final JsonCodec SIZER = new JsonCodec();

    private final int maxMessages;
    private final long maxAgeMillis;
    private final long maxBytes;
    private final HistoryBudget budget;
    private final ArrayDeque<ServerFrame.Broadcast> messages = new ArrayDeque<>();
    /** The bytes charged for each message in {@link #messages}, in the same order. */
    private final ArrayDeque<Integer> sizes = new ArrayDeque<>();
    private long bytes;
    /** The oldest id held, or {@link Long#MAX_VALUE} when empty; read without the monitor by the trimmer. */
    private volatile long oldestId = Long.MAX_VALUE;
    /** clientMsgId (scoped by sender) to the id it was stored under, for idempotent resends. */
    private final Map<String, ServerFrame.Broadcast> byClientId = new LinkedHashMap<>();
    /** The largest id that left the window; resuming from a smaller one has a gap. */
    private long evictedUpTo = -1;

    /** Bounded by count and age only, with a budget of its own (tests). */
    RoomHistory(int maxMessages, long maxAgeMillis) {
        this(maxMessages, maxAgeMillis, Long.MAX_VALUE, HistoryBudget.unlimited());
    }

    RoomHistory(int maxMessages, long maxAgeMillis, long maxBytes, HistoryBudget budget) {
        this.maxMessages = maxMessages;
        this.maxAgeMillis = maxAgeMillis;
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /**
     * A window rebuilt from a store starts where the store's ended: ids up to {@code evictedThrough} left it before,
     * so resuming from one of them is not complete. Called before any append.
     */
    synchronized void startAfterEvicted(long evictedThrough) {
        evictedUpTo = Math.max(evictedUpTo, evictedThrough);
    }

    /** Appends a message, measuring its encoded size (restoring from a store; tests). */
    void append(ServerFrame.Broadcast message, Optional<String> clientKey) {
        append(message, clientKey, OutboundFrame.of(SIZER.encode(message)).utf8Bytes());
    }

    /**
     * Appends a message whose encoded size the caller knows (it has just encoded it to publish it). When that takes
     * all rooms past the server-wide budget, the server's oldest messages go (this room's or another's).
     */
    void append(ServerFrame.Broadcast message, Optional<String> clientKey, int encodedBytes) {
        add(message, clientKey, encodedBytes + OVERHEAD_BYTES);
        budget.reclaimAbove(100); // outside this history's monitor: it takes other histories' monitors
    }

    private synchronized void add(ServerFrame.Broadcast message, Optional<String> clientKey, int size) {
        messages.addLast(message);
        sizes.addLast(size);
        bytes += size;
        budget.charged(this, size);
        clientKey.ifPresent(key -> byClientId.put(key, message));
        oldestId = messages.peekFirst().id();
        while (!messages.isEmpty() && (messages.size() > maxMessages || bytes > maxBytes)) {
            evictOldest();
        }
    }

    /**
     * Rebuilds the window from what the cluster kept ({@code stored}, oldest first, ids increasing), followed by the
     * messages held here that are newer than all of them (heard while the caller loaded {@code stored}). Resuming from
     * {@code evictedThrough} or earlier is incomplete again, as after a restart. Call {@link #reclaimBudget} after,
     * outside the room's monitor.
     */
    synchronized void replaceWith(List<HistoryStore.StoredMessage> stored, long evictedThrough, String roomName) {
        long newestStored = stored.isEmpty() ? Long.MIN_VALUE : stored.get(stored.size() - 1).message().id();
        List<ServerFrame.Broadcast> newer = messages.stream().filter(m -> m.id() > newestStored).toList();
        Map<Long, String> newerKeys = new java.util.HashMap<>();
        byClientId.forEach((key, message) -> {
            if (message.id() > newestStored) {
                newerKeys.put(message.id(), key);
            }
        });
        discard();
        evictedUpTo = evictedThrough;
        for (HistoryStore.StoredMessage kept : stored) {
            ServerFrame.Broadcast m = kept.message();
            ServerFrame.Broadcast message = m.inRoom(roomName);
            add(message, kept.clientKey(), OutboundFrame.of(SIZER.encode(message)).utf8Bytes() + OVERHEAD_BYTES);
        }
        for (ServerFrame.Broadcast message : newer) {
            add(message, Optional.ofNullable(newerKeys.get(message.id())),
                    OutboundFrame.of(SIZER.encode(message)).utf8Bytes() + OVERHEAD_BYTES);
        }
    }

    /** Gives back bytes of the server-wide budget if it is over; never under a room's monitor. */
    void reclaimBudget() {
        budget.reclaimAbove(100);
    }

    /** Drops the oldest message (the trimmer, for the server-wide budget). @return false when empty. */
    synchronized boolean evictOldestMessage() {
        if (messages.isEmpty()) {
            return false;
        }
        evictOldest();
        return true;
    }

    /** Drops everything and returns its bytes to the budget: the room is gone. */
    synchronized void discard() {
        while (!messages.isEmpty()) {
            evictOldest();
        }
    }

    /** The oldest id held, or {@link Long#MAX_VALUE} when empty. Any thread (a hint without the monitor). */
    long oldestId() {
        return oldestId;
    }

    /** Bytes charged for the messages held. */
    synchronized long bytes() {
        return bytes;
    }

    /** The message stored earlier under this sender-scoped client id, if it is still in the window. */
    synchronized Optional<ServerFrame.Broadcast> byClientKey(String clientKey) {
        return Optional.ofNullable(byClientId.get(clientKey));
    }

    /** Drops messages older than the age limit. */
    synchronized void expire(long nowMillis) {
        if (maxAgeMillis <= 0) {
            return;
        }
        while (!messages.isEmpty() && messages.peekFirst().timestamp() < nowMillis - maxAgeMillis) {
            evictOldest();
        }
    }

    synchronized Page newest(int limit) {
        return before(Long.MAX_VALUE, limit);
    }

    synchronized Page before(long id, int limit) {
        List<ServerFrame.Broadcast> page = new ArrayList<>(Math.min(limit, messages.size()));
        boolean hasMore = false;
        for (Iterator<ServerFrame.Broadcast> it = messages.descendingIterator(); it.hasNext(); ) {
            ServerFrame.Broadcast message = it.next();
            if (message.id() >= id) {
                continue;
            }
            if (page.size() == limit) {
                hasMore = true;
                break;
            }
            page.add(message);
        }
        Collections.reverse(page);
        return new Page(page, hasMore);
    }

    synchronized Page after(long id, int limit) {
        List<ServerFrame.Broadcast> page = new ArrayList<>(Math.min(limit, messages.size()));
        boolean hasMore = false;
        for (ServerFrame.Broadcast message : messages) {
            if (message.id() <= id) {
                continue;
            }
            if (page.size() == limit) {
                hasMore = true;
                break;
            }
            page.add(message);
        }
        return new Page(page, hasMore);
    }

    /** Everything after {@code id}; complete unless messages after it have already left the window. */
    synchronized Recovery since(long id) {
        Page all = after(id, Integer.MAX_VALUE);
        return new Recovery(all.messages(), id >= evictedUpTo, hasOlderThan(all.messages()));
    }

    private boolean hasOlderThan(List<ServerFrame.Broadcast> page) {
        return !messages.isEmpty() && (page.isEmpty() ? true : messages.peekFirst().id() < page.get(0).id());
    }

    int maxMessages() {
        return maxMessages;
    }

    long maxAgeMillis() {
        return maxAgeMillis;
    }

    /** The newest id held, or 0 when empty. */
    synchronized long newestId() {
        return messages.isEmpty() ? 0 : messages.peekLast().id();
    }

    synchronized int size() {
        return messages.size();
    }

    private void evictOldest() {
        ServerFrame.Broadcast oldest = messages.removeFirst();
        int size = sizes.removeFirst();
        bytes -= size;
        budget.released(this, size, messages.isEmpty());
        oldestId = messages.isEmpty() ? Long.MAX_VALUE : messages.peekFirst().id();
        evictedUpTo = oldest.id();
        // Both are in id order, so the client ids to forget are at the head of the map.
        for (Iterator<ServerFrame.Broadcast> it = byClientId.values().iterator(); it.hasNext(); ) {
            if (it.next().id() > oldest.id()) {
                break;
            }
            it.remove();
        }
    }
}
