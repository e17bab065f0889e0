package org.safehouse.cluster;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.safehouse.config.Limits;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.MailboxBus;
import org.safehouse.core.RoomLogBus;
import org.safehouse.protocol.ServerFrame;

/**
 * A cluster's {@link HistoryStore}: room history is the room's Redis stream, which {@link RedisRoomLogBus} writes
 * (append.lua) before any node hears of a message, so {@link #append} has nothing left to do; this store reads the
 * streams back ({@link #load}: the room's epoch {@code P r:<room>:epoch}, its newest {@code history_messages} entries
 * younger than {@code history_max_age_seconds}, and where its window begins) and deletes them. Durable as Redis is
 * (AOF with {@code appendfsync always}: see docs/DEPLOY.md).
 *
 * <p>Private messages: with shared mailboxes (the cluster's {@code MailboxBus}) the core keeps them there and never
 * calls the private methods here; {@link #load} takes them from {@link PrivatePart}, and a purge deletes the
 * mailboxes' keys too ({@code P r:<room>:mbox}, {@code P r:<room>:mbox:msg}, {@code P mbox-bytes}). Without
 * ({@link PrivatePart#NONE}) they live in this node's memory only, as with the memory store.
 *
 * <p>Contract differences, by design: {@link #keepOnly} forgets nothing (another node may be using a room this node
 * has not heard of; rooms go with {@link #dropRoom}); a purge deletes the keys and asks Redis to rewrite its
 * append-only file (BGREWRITEAOF), after which the deleted history is no longer in the file Redis uses.
 * {@link #acceptsNewMessages} is false while Redis is lost. Every write is queued without blocking; {@link #load}
 * blocks up to {@code command_timeout_ms} per command (at start, on the join path, in a re-sync).
 */
public final class RedisHistoryStore implements HistoryStore {
    /** The shared mailboxes' part of what a room kept (the private messages' Redis store, {@link RedisMailboxes}). */
    public interface PrivatePart {
        PrivatePart NONE = new PrivatePart() {
            @Override
            public MailboxBus.Contents load(String roomKey) {
                return MailboxBus.Contents.EMPTY;
            }

            @Override
            public void drop(String roomKey) {
            }
        };

        /** A room's kept private messages, oldest first, and the ids already delivered. Blocking. */
        MailboxBus.Contents load(String roomKey);

        /** Deletes a room's mailbox. Never blocks. */
        void drop(String roomKey);

        /** The part kept by {@code mailboxes}. */
        static PrivatePart of(RedisMailboxes mailboxes) {
            return new PrivatePart() {
                @Override
                public MailboxBus.Contents load(String roomKey) {
                    return mailboxes.load(roomKey);
                }

                @Override
                public void drop(String roomKey) {
                    mailboxes.drop(roomKey);
                }
            };
        }
    }

    private final RedisCluster redis;
    private final Limits limits;
    private final Clock clock;
    private final PrivatePart privatePart;
    private final String purgeSha;

    /** Loads its script (blocking: at start). */
    public RedisHistoryStore(RedisCluster redis, Limits limits, Clock clock, PrivatePart privatePart) {
        this.redis = redis;
        this.limits = limits;
        this.clock = clock;
        this.privatePart = privatePart;
        this.purgeSha = redis.loadScript(RedisRoomLogBus.script("purge-rooms.lua"));
    }

    @Override
    public Optional<StoredRoom> load(String roomKey) {
        RedisFuture<String> epoch = redis.commands().get(redis.key("r", roomKey, "epoch"));
        RedisFuture<String> base = redis.commands().get(redis.key("ids", "base"));
        RedisFuture<List<StreamMessage<String, String>>> newest = redis.commands().xrevrange(log(roomKey),
                Range.unbounded(), Limit.from(limits.historyMessages() + 1L));
        String kept = redis.await(epoch);
        List<StreamMessage<String, String>> entries = redis.await(newest);
        String idBase = redis.await(base);
        if (kept == null) {
            return Optional.empty();
        }
        long evictedThrough = entries.isEmpty() || idBase == null ? -1 : maxDeleted(roomKey, idBase);
        long oldestAllowed = limits.historyMaxAgeSeconds() > 0
                ? clock.millis() - limits.historyMaxAgeSeconds() * 1000L : Long.MIN_VALUE;
        List<StoredMessage> messages = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            StreamMessage<String, String> entry = entries.get(i);
            String counter = entry.getId().substring(0, entry.getId().indexOf('-'));
            RoomLogBus.Message message = RoomLogEntries.message(RoomLogEntries.id(idBase + " " + counter),
                    entry.getBody().get("m"));
            boolean beyondCount = i == limits.historyMessages();
            if (beyondCount || message.timestamp() < oldestAllowed) {
                evictedThrough = Math.max(evictedThrough, message.id());
                continue;
            }
            messages.add(new StoredMessage(new ServerFrame.Broadcast(message.id(), "", message.timestamp(),
                    message.sender(), message.text(), message.sealed()), message.clientKey()));
        }
        MailboxBus.Contents mailbox = privatePart.load(roomKey);
        return Optional.of(new StoredRoom(kept, messages, mailbox.messages(), mailbox.delivered(), evictedThrough));
    }

    /** The largest id Redis trimmed from the room's stream (XINFO STREAM's max-deleted-entry-id), or -1. */
    private long maxDeleted(String roomKey, String idBase) {
        List<Object> info = redis.await(redis.commands().xinfoStream(log(roomKey)));
        for (int i = 0; i + 1 < info.size(); i++) {
            if ("max-deleted-entry-id".equals(String.valueOf(info.get(i)))) {
                String deleted = String.valueOf(info.get(i + 1));
                String counter = deleted.substring(0, deleted.indexOf('-'));
                return counter.equals("0") ? -1 : RoomLogEntries.id(idBase + " " + counter);
            }
        }
        return -1;
    }

    @Override
    public void startRoom(String roomKey, String epoch) {
        redis.commands().unlink(log(roomKey), redis.key("r", roomKey, "ck"), redis.key("r", roomKey, "ckq"));
        redis.commands().set(redis.key("r", roomKey, "epoch"), epoch);
        privatePart.drop(roomKey);
    }

    @Override
    public void keepOnly(Collection<String> roomKeys) {
        // Another node may be using a room this node does not know yet: rooms are forgotten by dropRoom only.
    }

    @Override
    public void append(String roomKey, StoredMessage message, Runnable onDurable) {
        onDurable.run(); // append.lua put it in the room's stream before any node heard of it
    }

    @Override
    public void appendPrivate(String roomKey, StoredPrivate message, Runnable onDurable) {
        onDurable.run(); // only without shared mailboxes: kept in this node's memory, as the memory store does
    }

    @Override
    public void markPrivateDelivered(String roomKey, Collection<Long> ids) {
    }

    @Override
    public void deletePrivate(String roomKey, Collection<Long> ids) {
    }

    @Override
    public void dropRoom(String roomKey) {
        redis.commands().unlink(log(roomKey), redis.key("r", roomKey, "ck"), redis.key("r", roomKey, "ckq"),
                redis.key("r", roomKey, "epoch"));
        privatePart.drop(roomKey);
    }

    @Override
    public void purgeRoom(String roomKey) {
        dropRoom(roomKey);
        redis.commands().bgrewriteaof();
    }

    @Override
    public void purgeAll() {
        redis.commands().evalsha(purgeSha, ScriptOutputType.INTEGER, new String[0], redis.key("r", "*", "log"),
                redis.key("r", "*", "ck"), redis.key("r", "*", "ckq"), redis.key("r", "*", "epoch"),
                redis.key("r", "*", "mbox"), redis.key("r", "*", "mbox", "msg"), redis.key("mbox-bytes"));
        redis.commands().bgrewriteaof();
    }

    @Override
    public boolean acceptsNewMessages() {
        return redis.healthy();
    }

    @Override
    public void close() {
        // the RedisCluster is closed by whoever opened it, after every part that uses it
    }

    private String log(String roomKey) {
        return redis.key("r", roomKey, "log");
    }
}
