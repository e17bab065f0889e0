package org.safehouse.cluster;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.safehouse.config.Limits;
import org.safehouse.config.MailboxLimits;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.MailboxBus;
import org.safehouse.core.ProvenIdentity;

/**
 * The rooms' mailboxes of encrypted private messages, shared by every node in Redis: the {@link MailboxBus} of a
 * cluster, and the private part of {@link RedisHistoryStore}. Keys (prefix {@code P}): {@code P r:<room>:mbox} (hash:
 * id -> what the caps count: parties, sender's address group as an HMAC digest, bytes, delivered, time),
 * {@code P r:<room>:mbox:msg} (hash: id -> the message: ciphertext and both parties' public identities, never a
 * plain text), {@code P mbox-bytes} (hash: room -> its mailbox's bytes). Events on {@code P ch:p:<room>}.
 *
 * <p>Bounds: a Lua script ({@code mailbox-keep.lua}) admits each message atomically under the same caps as one
 * node's {@code PrivateMailbox} ({@code mailbox_*} per recipient, sender, address group and room, in messages and
 * bytes) and {@code private_message_bytes_total} for all rooms together, displacing only delivered messages, oldest
 * first; messages older than {@code history_max_age_seconds} are deleted whenever the room keeps one, and a room's two
 * keys expire that long after its last message. {@code P mbox-bytes} holds one field per room with a mailbox; a field
 * whose room's keys expired is dropped by the next keep.
 *
 * <p>Threads: {@link #keep}, {@link #markDelivered}, {@link #remember} and the store's calls only queue commands
 * (safe under any lock); an {@link MailboxBus.Outcome} runs on the thread that completes the command (Lettuce's I/O
 * thread, or the caller's when Redis refused it at once) and takes at most a room's monitor. Events reach the
 * listener on the cluster's pub/sub thread, in Redis's order. {@link #load} blocks (start, hydration, re-sync).
 */
public final class RedisMailboxes implements MailboxBus {
    private static final System.Logger LOG = System.getLogger(RedisMailboxes.class.getName());
    private static final String LOAD = "return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2])}";

    private final RedisCluster cluster;
    private final Limits limits;
    private final Clock clock;
    private final String keepScript;
    private final String deliveredScript;
    private final String deleteScript;
    private final String loadScript;

    /** Loads the scripts (blocking: at start). */
    public RedisMailboxes(RedisCluster cluster, Limits limits, Clock clock) {
        this.cluster = cluster;
        this.limits = limits;
        this.clock = clock;
        this.keepScript = cluster.loadScript(script("mailbox-keep.lua"));
        this.deliveredScript = cluster.loadScript(script("mailbox-delivered.lua"));
        this.deleteScript = cluster.loadScript(script("mailbox-delete.lua"));
        this.loadScript = cluster.loadScript(LOAD);
    }

    @Override
    public void keep(String roomKey, HistoryStore.StoredPrivate message, String senderGroup, boolean delivered,
                     Outcome outcome) {
        MailboxLimits caps = limits.mailbox();
        String[] args = {roomKey, MailboxJson.id(message.toRecipient().id()), MailboxJson.encode(message),
            MailboxJson.meta(message, senderGroup, message.bytes(), delivered), Long.toString(clock.millis()),
            Long.toString(limits.historyMaxAgeSeconds() * 1000L), channel(roomKey), cluster.key(),
            Long.toString(caps.messagesPerRecipient()), Long.toString(caps.bytesPerRecipient()),
            Long.toString(caps.messagesPerSender()), Long.toString(caps.bytesPerSender()),
            Long.toString(caps.messagesPerRoom()), Long.toString(caps.bytesPerRoom()),
            Long.toString(caps.messagesPerAddressGroup()), Long.toString(caps.bytesPerAddressGroup()),
            Long.toString(limits.privateMessageBytesTotal())};
        RedisFuture<List<Object>> answer;
        try {
            answer = cluster.commands().evalsha(keepScript, ScriptOutputType.MULTI, keys(roomKey), args);
        } catch (RuntimeException e) {
            outcome.refused(Refusal.UNAVAILABLE);
            return;
        }
        answer.whenComplete((result, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.WARNING, "cluster: a private message was not kept: Redis failed ("
                        + failure.getClass().getSimpleName() + ")");
                outcome.refused(Refusal.UNAVAILABLE);
            } else if (Long.valueOf(1).equals(result.get(0))) {
                outcome.kept();
            } else {
                outcome.refused(Refusal.FULL);
            }
        });
    }

    @Override
    public void markDelivered(String roomKey, Collection<Long> ids) {
        run(deliveredScript, new String[] {cluster.key("r", roomKey, "mbox")}, channel(roomKey), List.of(), ids);
    }

    /** Deletes these messages of the room (and tells every node). */
    public void delete(String roomKey, Collection<Long> ids) {
        run(deleteScript, keys(roomKey), roomKey, List.of(channel(roomKey)), ids);
    }

    @Override
    public void remember(String roomKey, ProvenIdentity identity) {
        cluster.publish("p:" + roomKey, MailboxEvents.KNOWN + "\n" + MailboxJson.encode(identity));
    }

    @Override
    public void listen(Listener listener) {
        cluster.subscribe("p:", (channel, payload) -> MailboxEvents.dispatch(channel.substring(2), payload,
                listener));
    }

    /**
     * {@link HistoryStore#appendPrivate}: kept as undelivered, in an address group of its own (the store's port does
     * not know the sender's; the core keeps through {@link #keep}, which does).
     */
    public void appendPrivate(String roomKey, HistoryStore.StoredPrivate message, Runnable onDurable) {
        keep(roomKey, message, "message:" + message.toRecipient().id(), false, new Outcome() {
            @Override
            public void kept() {
                onDurable.run();
            }

            @Override
            public void refused(Refusal why) {
                LOG.log(System.Logger.Level.WARNING, "cluster: a private message was not kept (" + why + ")");
            }
        });
    }

    /** Blocks up to {@code command_timeout_ms}: never under a lock (start, hydration, re-sync). */
    @Override
    public Contents load(String roomKey) {
        List<Object> both = cluster.await(cluster.commands().evalsha(loadScript, ScriptOutputType.MULTI,
                keys(roomKey)));
        List<?> meta = (List<?>) both.get(0);
        List<?> messages = (List<?>) both.get(1);
        Set<Long> deliveredIds = new HashSet<>();
        for (int i = 0; i + 1 < meta.size(); i += 2) {
            if (MailboxJson.delivered((String) meta.get(i + 1))) {
                deliveredIds.add(Long.parseLong((String) meta.get(i)));
            }
        }
        TreeMap<Long, HistoryStore.StoredPrivate> byId = new TreeMap<>();
        for (int i = 0; i + 1 < messages.size(); i += 2) {
            HistoryStore.StoredPrivate message = MailboxJson.decode((String) messages.get(i + 1));
            byId.put(message.toRecipient().id(), message);
        }
        return new Contents(List.copyOf(byId.values()), Set.copyOf(deliveredIds));
    }

    /** Deletes the room's mailbox (a dropped, deleted or wiped room), without waiting. */
    public void drop(String roomKey) {
        cluster.commands().unlink(cluster.key("r", roomKey, "mbox"), cluster.key("r", roomKey, "mbox", "msg"));
        cluster.commands().hdel(cluster.key("mbox-bytes"), roomKey);
    }

    private String[] keys(String roomKey) {
        return new String[] {cluster.key("r", roomKey, "mbox"), cluster.key("r", roomKey, "mbox", "msg"),
            cluster.key("mbox-bytes")};
    }

    private String channel(String roomKey) {
        return cluster.key("ch", "p", roomKey);
    }

    /** Runs a script over ids without waiting; a failure is logged (the mirrors re-sync when Redis comes back). */
    private void run(String script, String[] keys, String first, List<String> more, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>();
        args.add(first);
        args.addAll(more);
        ids.forEach(id -> args.add(MailboxJson.id(id)));
        try {
            cluster.commands().evalsha(script, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new))
                    .whenComplete((count, failure) -> {
                        if (failure != null) {
                            LOG.log(System.Logger.Level.WARNING, "cluster: a mailbox change was lost: Redis failed ("
                                    + failure.getClass().getSimpleName() + ")");
                        }
                    });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cluster: a mailbox change was lost: " + e.getClass().getSimpleName());
        }
    }

    private static String script(String name) {
        try (InputStream in = RedisMailboxes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
