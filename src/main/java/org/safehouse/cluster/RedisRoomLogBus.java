package org.safehouse.cluster;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.safehouse.core.RoomLogBus;
import org.safehouse.core.Snowflakes;

/**
 * The cluster's room log in Redis ({@link RoomLogBus}). Keys, under the prefix {@code P}:
 * <ul>
 *   <li>{@code P ids} (counter) and {@code P ids:base}: a room message's id is base + counter. The base is set once,
 *       to a snowflake of the first node's start, so ids stay larger than any a single node gave before; the counter
 *       gives one order to every room's messages and numbered frames (Lua numbers are exact only below 2^53, so the
 *       nodes add).</li>
 *   <li>{@code P r:<room>:log}: the room's stream, one entry per message ({@code <counter>-0}, field {@code m}: see
 *       {@link RoomLogEntries}), trimmed to about the room's {@code history_messages} (MAXLEN ~) and, with
 *       {@code history_max_age_seconds}, expiring with the room's last message; readers drop older entries.</li>
 *   <li>{@code P r:<room>:ck} and {@code P r:<room>:ckq}: the sender-scoped client ids of the room's last
 *       {@code history_messages} messages (a hash and its order), so a resend through any node is recognised;
 *       bounded by that count and expiring like the stream.</li>
 * </ul>
 * Channels {@code P ch:t:<topic>}, payloads by their first character: {@code m} a room message
 * ({@code m<base> <counter>\n<fields>}), {@code n} a numbered frame ({@code n<base> <counter>\n<before>\n<after>}),
 * {@code f} an encoded frame. A payload that is none of these is logged and skipped.
 *
 * <p>Appends and publishes are queued on {@link RedisCluster#commands()} (never blocking); outcomes complete on
 * Lettuce's I/O thread. A script Redis forgot (it restarted) is sent whole once instead.
 */
public final class RedisRoomLogBus implements RoomLogBus {
    private static final System.Logger LOG = System.getLogger(RedisRoomLogBus.class.getName());

    private final RedisCluster redis;
    private final String appendLua;
    private final String appendSha;
    private final String numberedLua;
    private final String numberedSha;
    private final String idFloor;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();

    /** Loads the scripts and subscribes (blocking, at start, before {@link RedisCluster#start()}). */
    public RedisRoomLogBus(RedisCluster redis, Clock clock) {
        this.redis = redis;
        this.appendLua = script("append.lua");
        this.numberedLua = script("numbered.lua");
        this.appendSha = redis.loadScript(appendLua);
        this.numberedSha = redis.loadScript(numberedLua);
        this.idFloor = Long.toString(new Snowflakes(clock, redis.snowflakeNodeId()).next());
        redis.await(redis.commands().setnx(redis.key("ids", "base"), idFloor));
        redis.subscribe("t:", this::heard);
    }

    @Override
    public void append(Posted posted, AppendOutcome outcome) {
        String[] keys = {redis.key("ids"), redis.key("ids", "base"), redis.key("r", posted.roomKey(), "log"),
                redis.key("r", posted.roomKey(), "ck"), redis.key("r", posted.roomKey(), "ckq")};
        String[] args = {idFloor, posted.clientKey().orElse(""), Integer.toString(posted.keepMessages()),
                Long.toString(posted.keepMillis()), RoomLogEntries.fields(posted), channel(posted.topic()),
                Long.toString(posted.timestamp())};
        this.<List<Object>>run(() -> redis.commands().evalsha(appendSha, ScriptOutputType.MULTI, keys, args),
                () -> redis.commands().eval(appendLua, ScriptOutputType.MULTI, keys, args))
                .whenComplete((reply, failure) -> {
                    if (failure != null) {
                        outcome.failed(failure.getClass().getSimpleName());
                    } else if ((Long) reply.get(0) == 0) {
                        outcome.duplicate(RoomLogEntries.id(reply.get(2) + " " + reply.get(1)),
                                Long.parseLong((String) reply.get(3)));
                    } // a new message: its sender hears when the message comes back on the channel
                });
    }

    @Override
    public void publishNumbered(String topic, String before, String after) {
        String[] keys = {redis.key("ids"), redis.key("ids", "base")};
        String[] args = {idFloor, channel(topic), before, after};
        this.<String>run(() -> redis.commands().evalsha(numberedSha, ScriptOutputType.VALUE, keys, args),
                () -> redis.commands().eval(numberedLua, ScriptOutputType.VALUE, keys, args))
                .whenComplete((counter, failure) -> {
                    if (failure != null) {
                        LOG.log(Level.WARNING, "cluster: a numbered frame was not published: "
                                + failure.getClass().getSimpleName());
                    }
                });
    }

    @Override
    public void publish(String topic, String encodedFrame) {
        redis.publish("t:" + topic, "f" + encodedFrame);
    }

    @Override
    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** On the pub/sub thread. */
    private void heard(String channel, String payload) {
        String topic = channel.substring("t:".length());
        try {
            char kind = payload.charAt(0);
            if (kind == 'f') {
                String frame = payload.substring(1);
                listeners.forEach(listener -> listener.frame(topic, frame));
                return;
            }
            int header = payload.indexOf('\n');
            long id = RoomLogEntries.id(payload.substring(1, header));
            if (kind == 'm') {
                Message message = RoomLogEntries.message(id, payload.substring(header + 1));
                listeners.forEach(listener -> listener.message(message));
            } else if (kind == 'n') {
                int split = payload.indexOf('\n', header + 1);
                String frame = payload.substring(header + 1, split) + id + payload.substring(split + 1);
                listeners.forEach(listener -> listener.frame(topic, frame));
            } else {
                throw new IllegalArgumentException("unknown kind");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: skipped a message on a channel of ours that is not ours: "
                    + e.getClass().getSimpleName());
        }
    }

    private String channel(String topic) {
        return redis.key("ch", "t", topic);
    }

    /** Runs a script by its SHA-1; if Redis forgot it (it restarted), sends it whole instead. */
    private <T> CompletionStage<T> run(Supplier<RedisFuture<T>> bySha, Supplier<RedisFuture<T>> whole) {
        return bySha.get().handle((reply, failure) -> failure instanceof RedisNoScriptException
                || failure != null && failure.getCause() instanceof RedisNoScriptException
                ? whole.get() : bySha(reply, failure)).thenCompose(stage -> stage);
    }

    private static <T> CompletionStage<T> bySha(T reply, Throwable failure) {
        return failure == null ? java.util.concurrent.CompletableFuture.completedFuture(reply)
                : java.util.concurrent.CompletableFuture.failedFuture(failure);
    }

    static String script(String name) {
        try (InputStream in = RedisRoomLogBus.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read script " + name, e);
        }
    }
}
