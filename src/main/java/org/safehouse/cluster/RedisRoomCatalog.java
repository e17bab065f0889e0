package org.safehouse.cluster;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import jakarta.json.JsonObject;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.ServerBan;
import org.safehouse.core.SharedStateUnavailable;

/**
 * The room directory every node of a cluster shares, in Redis: which rooms exist, with their name, title, password
 * verifier, flags, rules and history epoch; the server-wide address bans; the address-ban HMAC secret; configured
 * rooms' rotated passwords. Every change is published on {@code <prefix>ch:rooms} in the same Lua script that makes
 * it, so the other nodes' mirrors apply changes in the order Redis made them ({@link RoomCatalog.Changes}).
 *
 * <p>Keys (prefix {@code P}): {@code P rooms} (set of room keys), {@code P r:<room>:room} (hash: see
 * {@link RoomDirectoryJson}), {@code P bans} (hash: ban id to JSON), {@code P secret}. Bounded as one node's catalog
 * is: one hash per room ({@code max_rooms}, {@code rooms_created_per_minute_per_address_group} on every node), rules
 * bounded by {@code max_bans_per_room} and {@code RoomRules.MAX_MODERATORS}, at most {@code ServerBans.MAX_BANS}
 * bans (checked by the banning node).
 *
 * <p>Contract (see {@link RoomCatalog}): {@link #claim} is atomic (SET-if-absent of the room's hash in one script: one
 * room, one password, whoever claims first); {@link #load}, {@link #claim}, {@link #lookup},
 * {@link #serverSecret} and {@link #rotatedPassword} block up to {@code command_timeout_ms} (start or join path;
 * claim and lookup throw {@link SharedStateUnavailable}); every other write is queued without waiting, in call order
 * on the shared connection, and a failure is logged. A room "forgotten" because it is empty stays while
 * {@code P r:<room>:members} holds anyone ({@code members}' key). Events this node made are not handed back to it,
 * but for its rules and password changes: applying every node's, its own included, in Redis's order makes concurrent
 * changes of one room on two nodes end alike, with the one Redis applied last (last writer wins).
 * Never logs a password verifier or an address digest.
 */
public final class RedisRoomCatalog implements RoomCatalog {
    private static final System.Logger LOG = System.getLogger(RedisRoomCatalog.class.getName());
    static final String CHANNEL = "rooms";

    /** Creates the room unless its hash exists; returns the existing room's fields (empty when this claim won). */
    private static final String CLAIM = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HGETALL', KEYS[1]) end
            redis.call('HSET', KEYS[1], unpack(ARGV, 3))
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PUBLISH', KEYS[3], ARGV[2])
            return {}
            """;
    /** Writes the room's fields (a missing password field is deleted), then publishes. */
    private static final String REMEMBER = """
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            if ARGV[3] == '0' then redis.call('HDEL', KEYS[1], 'password') end
            redis.call('SADD', KEYS[2], ARGV[1])
            redis.call('PUBLISH', KEYS[3], ARGV[2])
            return 1
            """;
    /** Deletes the room (when ARGV[3] is '1', only if nobody is a member anywhere), then publishes. */
    private static final String FORGET = """
            if ARGV[3] == '1' and redis.call('HLEN', KEYS[4]) > 0 then return 0 end
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], ARGV[1])
            redis.call('PUBLISH', KEYS[3], ARGV[2])
            return 1
            """;
    /** Sets (ARGV[2] not empty) or deletes a field of a hash, then publishes. */
    private static final String SET_FIELD = """
            if ARGV[2] == '' then redis.call('HDEL', KEYS[1], ARGV[1])
            else redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
            redis.call('PUBLISH', KEYS[2], ARGV[3])
            return 1
            """;

    private final RedisCluster cluster;
    private final String claimSha;
    private final String rememberSha;
    private final String forgetSha;
    private final String setFieldSha;
    private final String channel;
    private volatile byte[] secret;
    /** The core's listener ({@link #listen}), also fed by {@link #resync}. */
    private volatile Changes listener;

    /** Loads its scripts (blocking: at start). */
    public RedisRoomCatalog(RedisCluster cluster) {
        this.cluster = cluster;
        this.claimSha = cluster.loadScript(CLAIM);
        this.rememberSha = cluster.loadScript(REMEMBER);
        this.forgetSha = cluster.loadScript(FORGET);
        this.setFieldSha = cluster.loadScript(SET_FIELD);
        this.channel = cluster.key("ch", CHANNEL);
    }

    /** The cluster's shared invites and admissions ({@link RedisInviteStore}). */
    @Override
    public org.safehouse.core.InviteStore invites() {
        return new RedisInviteStore(cluster);
    }

    private String roomKey(String room) {
        return cluster.key("r", room, "room");
    }

    @Override
    public List<Entry> load() {
        List<Entry> entries = new ArrayList<>();
        for (String room : cluster.await(cluster.commands().smembers(cluster.key("rooms")))) {
            RoomDirectoryJson.known(room, cluster.await(cluster.commands().hgetall(roomKey(room))))
                    .ifPresent(known -> entries.add(known.entry()));
        }
        return entries;
    }

    @Override
    public Optional<Known> claim(Entry entry, String epoch) {
        Map<String, String> fields = RoomDirectoryJson.fields(entry);
        fields.put(RoomDirectoryJson.EPOCH, epoch);
        String event = RoomDirectoryJson.event("created", cluster.nodeId())
                .add("room", RoomDirectoryJson.entry(entry)).add("epoch", epoch).build().toString();
        List<String> args = new ArrayList<>(List.of(entry.key(), event));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        List<Object> existing = blocking(cluster.commands().evalsha(claimSha, ScriptOutputType.MULTI,
                new String[] {roomKey(entry.key()), cluster.key("rooms"), channel}, args.toArray(String[]::new)));
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> winner = new LinkedHashMap<>();
        for (int i = 0; i + 1 < existing.size(); i += 2) {
            winner.put(String.valueOf(existing.get(i)), String.valueOf(existing.get(i + 1)));
        }
        return RoomDirectoryJson.known(entry.key(), winner);
    }

    @Override
    public Optional<Known> lookup(String room) {
        return RoomDirectoryJson.known(room, blocking(cluster.commands().hgetall(roomKey(room))));
    }

    private <T> T blocking(RedisFuture<T> future) {
        try {
            return cluster.await(future);
        } catch (RedisCommandException e) {
            throw new SharedStateUnavailable("the room directory did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void remember(Entry entry) {
        write(entry, Optional.empty(), RoomDirectoryJson.event("changed", cluster.nodeId())
                .add("room", RoomDirectoryJson.entry(entry)).build().toString());
    }

    @Override
    public void wiped(Entry fresh, String epoch, Optional<String> by) {
        var event = RoomDirectoryJson.event("wiped", cluster.nodeId()).add("room", RoomDirectoryJson.entry(fresh))
                .add("epoch", epoch);
        by.ifPresent(nick -> event.add("by", nick));
        write(fresh, Optional.of(epoch), event.build().toString());
    }

    private void write(Entry entry, Optional<String> epoch, String event) {
        Map<String, String> fields = RoomDirectoryJson.fields(entry);
        epoch.ifPresent(value -> fields.put(RoomDirectoryJson.EPOCH, value));
        List<String> args = new ArrayList<>(List.of(entry.key(), event, entry.passwordHash().isPresent() ? "1" : "0"));
        fields.forEach((name, value) -> {
            args.add(name);
            args.add(value);
        });
        queued("remember", () -> cluster.commands().evalsha(rememberSha, ScriptOutputType.INTEGER,
                new String[] {roomKey(entry.key()), cluster.key("rooms"), channel}, args.toArray(String[]::new)));
    }

    @Override
    public void forget(String room) {
        remove(room, false, RoomDirectoryJson.event("emptied", cluster.nodeId()).add("key", room).build().toString());
    }

    @Override
    public void deleted(String room, Optional<String> by) {
        var event = RoomDirectoryJson.event("deleted", cluster.nodeId()).add("key", room);
        by.ifPresent(nick -> event.add("by", nick));
        remove(room, true, event.build().toString());
    }

    private void remove(String room, boolean evenWithMembers, String event) {
        queued("forget", () -> cluster.commands().evalsha(forgetSha, ScriptOutputType.INTEGER,
                new String[] {roomKey(room), cluster.key("rooms"), channel, cluster.key("r", room, "members")},
                room, event, evenWithMembers ? "0" : "1"));
    }

    @Override
    public boolean keepsRooms() {
        return true; // the cluster keeps history in Redis, so a created room stays while it holds any
    }

    /** The secret of the first node that set it (SET NX), the same on every node and across restarts. */
    @Override
    public byte[] serverSecret() {
        byte[] known = secret;
        if (known == null) {
            String key = cluster.key("secret");
            String fresh = HexFormat.of().formatHex(RoomCatalog.randomSecret());
            cluster.await(cluster.commands().set(key, fresh, SetArgs.Builder.nx()));
            known = HexFormat.of().parseHex(cluster.await(cluster.commands().get(key)));
            secret = known;
        }
        return known.clone();
    }

    @Override
    public List<ServerBan> loadServerBans() {
        List<ServerBan> bans = new ArrayList<>();
        for (String json : cluster.await(cluster.commands().hvals(cluster.key("bans")))) {
            bans.add(RoomDirectoryJson.ban(RoomDirectoryJson.parse(json)));
        }
        return bans;
    }

    @Override
    public void rememberServerBan(ServerBan ban) {
        String event = RoomDirectoryJson.event("banned", cluster.nodeId())
                .add("ban", RoomDirectoryJson.parse(RoomDirectoryJson.ban(ban))).build().toString();
        setField(cluster.key("bans"), ban.id(), RoomDirectoryJson.ban(ban), event);
    }

    @Override
    public void forgetServerBan(String id) {
        setField(cluster.key("bans"), id, "", RoomDirectoryJson.event("lifted", cluster.nodeId()).add("id", id)
                .build().toString());
    }

    @Override
    public Optional<String> rotatedPassword(String room) {
        return Optional.ofNullable(cluster.await(cluster.commands().hget(roomKey(room), RoomDirectoryJson.ROTATED)));
    }

    @Override
    public void rotatePassword(String room, String passwordHash) {
        // the password itself reaches the other nodes with the room's next remember (its changed event)
        queued("rotate", () -> cluster.commands().hset(roomKey(room), RoomDirectoryJson.ROTATED, passwordHash));
    }

    private void setField(String hash, String field, String value, String event) {
        queued("ban", () -> cluster.commands().evalsha(setFieldSha, ScriptOutputType.INTEGER,
                new String[] {hash, channel}, field, value, event));
    }

    /** Queues a write; a failure (Redis gone) is logged by kind only, never with the room's data. */
    private void queued(String what, java.util.function.Supplier<RedisFuture<?>> write) {
        try {
            write.get().whenComplete((answer, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "cluster: room directory write {0} failed: {1}", what,
                            failure.getClass().getSimpleName());
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: room directory write {0} refused: {1}", what,
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void listen(Changes changes) {
        listener = changes;
        cluster.subscribe(CHANNEL, (name, payload) -> {
            try {
                JsonObject event = RoomDirectoryJson.parse(payload);
                // this node's own changes are made here already; but it takes its own rules back too, in Redis's
                // order, so two nodes changing one room at once both end with what Redis kept last
                if (!event.getString("origin").equals(cluster.nodeId()) || "changed".equals(event.getString("kind"))) {
                    RedisRoomEvents.apply(event, changes);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "cluster: unreadable room directory event: {0}", e.getClass().getSimpleName());
            }
        });
    }

    /**
     * After Redis was lost and is back (events published meanwhile are lost): hands every room's rules and
     * password, and every ban, to the core's listener as if changed again; rooms created elsewhere meanwhile are
     * hydrated at their first join here. A re-sync step of {@code RedisClusterHealth}: blocking, on its thread, no
     * lock held. Does nothing before {@link #listen}.
     */
    public void resync() {
        Changes changes = listener;
        if (changes == null) {
            return;
        }
        for (Entry entry : load()) {
            changes.changed(entry);
        }
        loadServerBans().forEach(changes::serverBanned);
    }

    @Override
    public void close() {
        // the connection is the RedisCluster's; writes queued before this are on it already
    }
}
