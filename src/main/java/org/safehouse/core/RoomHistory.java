package org.safehouse.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safehouse.protocol.ServerFrame;

/**
 * A room's recent messages: at most {@code maxMessages}, none older than {@code maxAgeMillis} (when positive), ids
 * strictly increasing. Not thread-safe: guarded by the room's monitor, like the room.
 *
 * <p>Paging compares ids, it does not look them up, so any id is a valid bound: {@code before} returns the newest
 * {@code limit} messages with a smaller id, {@code after} the oldest {@code limit} with a larger id; both oldest first.
 */
final class RoomHistory {
    /** A page, oldest first; {@code hasMore} says more messages exist beyond it in the direction paged. */
    record Page(List<ServerFrame.Broadcast> messages, boolean hasMore) {
    }

    /** What a resuming client gets: every message after its id, and whether that is all it missed. */
    record Recovery(List<ServerFrame.Broadcast> messages, boolean complete, boolean hasMore) {
    }

    private final int maxMessages;
    private final long maxAgeMillis;
    private final ArrayDeque<ServerFrame.Broadcast> messages = new ArrayDeque<>();
    /** clientMsgId (scoped by sender) to the id it was stored under, for idempotent resends. */
    private final Map<String, ServerFrame.Broadcast> byClientId = new LinkedHashMap<>();
    /** The largest id that left the window; resuming from a smaller one has a gap. */
    private long evictedUpTo = -1;

    RoomHistory(int maxMessages, long maxAgeMillis) {
        this.maxMessages = maxMessages;
        this.maxAgeMillis = maxAgeMillis;
    }

    /**
     * A window rebuilt from a store starts where the store's ended: ids up to {@code evictedThrough} left it before,
     * so resuming from one of them is not complete. Called before any append.
     */
    void startAfterEvicted(long evictedThrough) {
        evictedUpTo = Math.max(evictedUpTo, evictedThrough);
    }

    void append(ServerFrame.Broadcast message, Optional<String> clientKey) {
        messages.addLast(message);
        clientKey.ifPresent(key -> byClientId.put(key, message));
        while (messages.size() > maxMessages) {
            evictOldest();
        }
    }

    /** The message stored earlier under this sender-scoped client id, if it is still in the window. */
    Optional<ServerFrame.Broadcast> byClientKey(String clientKey) {
        return Optional.ofNullable(byClientId.get(clientKey));
    }

    /** Drops messages older than the age limit. */
    void expire(long nowMillis) {
        if (maxAgeMillis <= 0) {
            return;
        }
        while (!messages.isEmpty() && messages.peekFirst().timestamp() < nowMillis - maxAgeMillis) {
            evictOldest();
        }
    }

    Page newest(int limit) {
        return before(Long.MAX_VALUE, limit);
    }

    Page before(long id, int limit) {
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

    Page after(long id, int limit) {
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
    Recovery since(long id) {
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
    long newestId() {
        return messages.isEmpty() ? 0 : messages.peekLast().id();
    }

    int size() {
        return messages.size();
    }

    private void evictOldest() {
        ServerFrame.Broadcast oldest = messages.removeFirst();
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
