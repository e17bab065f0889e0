package org.safehouse.cluster;

import io.lettuce.core.ScriptOutputType;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.core.MemberDirectory;
import org.safehouse.core.SharedStateUnavailable;

/**
 * The cluster's member directory on Redis. Each room has a hash {@code <P>r:<room>:members} (nickname key -> the
 * member's JSON: its node, a random claim token, display name, keys, Ragnarok flag, owner by password; see
 * {@link MemberEntryJson}) and a channel {@code <P>ch:m:<room>} that carries {@code joined}, {@code left} and
 * {@code gone} events; each change of the hash and its event are one Lua script, so every node hears the changes in
 * the order they happened.
 *
 * <ul>
 *   <li>{@link #claim} ({@code members-claim.lua}, blocking up to {@code command_timeout_ms}): a name held by a member
 *       of a live node ({@code <P>node:<id>} exists) is taken, a dead node's is replaced; at the room's
 *       {@code max_members}, dead nodes' members are dropped first and then live ones count.</li>
 *   <li>{@link #release} ({@code members-release.lua}, never waits): deletes the name only while it holds this very
 *       claim (its token), so a late release never removes a newer claim of the same name.</li>
 *   <li>Dead nodes: {@link NodeWatch} checks, every {@code node_heartbeat_ms}, the nodes whose members this node
 *       mirrors; for a node whose heartbeat key expired, {@code members-gone.lua} drops its members room by room and
 *       publishes {@code gone} with this node as the teller: atomic per room, so exactly one node tells.</li>
 *   <li>{@link #members} ({@code members-live.lua}, blocking): the room's members on live nodes.</li>
 * </ul>
 * Bounds in Redis: one field per member online in the cluster (each node bounds its connections and rooms per
 * connection; {@code max_members} per room when set), about 1 KiB each (two keys of 124 characters, a name of at most
 * 32 code points); a dead node's fields stay only in rooms no live node mirrors, until a claim of the same name, a
 * claim at the room's limit, or the next {@link #members} read of the room drops them (Redis deletes a hash with its
 * last field).
 * Thread-safe. Listener calls come on the cluster's pub/sub thread, in Redis's order.
 */
public final class RedisMemberDirectory implements MemberDirectory {
    private static final System.Logger LOG = System.getLogger(RedisMemberDirectory.class.getName());

    private final RedisCluster cluster;
    private final String claimSha;
    private final String releaseSha;
    private final String goneSha;
    private final String liveSha;
    private final SecureRandom random = new SecureRandom();
    /** This node's claims held now: room key -> nickname key -> claim token. */
    private final Map<String, Map<String, String>> held = new ConcurrentHashMap<>();
    /** Tokens of claims on their way to Redis: kept, like held ones, by {@link #forgetOwnMembers}. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    /** Rooms where a claim or release of this node may not have reached Redis (see {@link #forgetOwnMembers}). */
    private final Set<String> unsure = ConcurrentHashMap.newKeySet();
    private final NodeWatch watch;
    private volatile Listener listener;

    /** Loads the scripts (blocking: at start) and subscribes to the member channels; call before the cluster starts. */
    public RedisMemberDirectory(RedisCluster cluster, long checkEveryMillis) {
        this.cluster = cluster;
        this.claimSha = cluster.loadScript(script("members-claim.lua"));
        this.releaseSha = cluster.loadScript(script("members-release.lua"));
        this.goneSha = cluster.loadScript(script("members-gone.lua"));
        this.liveSha = cluster.loadScript(script("members-live.lua"));
        this.watch = new NodeWatch(cluster, checkEveryMillis, this::dropMembersOf, this::forgetOwnMembers);
        cluster.subscribe("m:", this::onEvent);
    }

    @Override
    public String node() {
        return cluster.nodeId();
    }

    @Override
    public Claim claim(Entry member, int maxMembers) {
        String token = HexFormat.of().formatHex(nextToken());
        String answer;
        inFlight.add(token);
        try {
            answer = cluster.await(cluster.commands().evalsha(claimSha, ScriptOutputType.VALUE,
                    new String[] {membersKey(member.roomKey())}, member.nickKey(),
                    MemberEntryJson.encode(member, token), Integer.toString(maxMembers), cluster.key("node", ""),
                    channel(member.roomKey()), node()));
        } catch (RedisCommandException unanswered) {
            unsure.add(member.roomKey()); // it may still run once Redis answers
            throw new SharedStateUnavailable("the member directory did not answer a claim", unanswered);
        } finally {
            inFlight.remove(token);
        }
        Claim claim = Claim.valueOf(answer);
        if (claim == Claim.CLAIMED) {
            held.compute(member.roomKey(), (room, claims) -> {
                Map<String, String> now = claims == null ? new ConcurrentHashMap<>() : claims;
                now.put(member.nickKey(), token);
                return now;
            });
        }
        return claim;
    }

    @Override
    public void release(String roomKey, String nickKey) {
        String[] token = new String[1];
        held.computeIfPresent(roomKey, (room, claims) -> {
            token[0] = claims.remove(nickKey);
            return claims.isEmpty() ? null : claims;
        });
        if (token[0] == null) {
            return;
        }
        cluster.commands().evalsha(releaseSha, ScriptOutputType.INTEGER, new String[] {membersKey(roomKey)}, nickKey,
                token[0], channel(roomKey), node()).whenComplete((released, failure) -> {
                    if (failure != null) {
                        unsure.add(roomKey);
                    }
                });
    }

    @Override
    public List<Entry> members(String roomKey) {
        List<Object> answer;
        try {
            answer = cluster.await(cluster.commands().evalsha(liveSha, ScriptOutputType.MULTI,
                    new String[] {membersKey(roomKey)}, cluster.key("node", "")));
        } catch (RedisCommandException unanswered) {
            throw new SharedStateUnavailable("the member directory did not answer", unanswered);
        }
        List<?> values = (List<?>) answer.get(0);
        for (Object deadNode : (List<?>) answer.get(1)) {
            dropMembersOf((String) deadNode, roomKey);
        }
        List<Entry> members = new ArrayList<>(values.size());
        for (Object value : values) {
            Entry entry = MemberEntryJson.decode(roomKey, (String) value);
            members.add(entry);
            if (!entry.node().equals(node())) {
                watch.mirrors(entry.node(), roomKey);
            }
        }
        return members;
    }

    @Override
    public void listen(Listener listener) {
        this.listener = listener;
    }

    /** Starts checking other nodes' heartbeats (after the cluster started). */
    public void start() {
        watch.start();
    }

    /**
     * Drops what Redis may still list of this node's members that it no longer holds: in the rooms where a claim or
     * release may not have reached Redis (a timeout, an outage), every entry of this node but its current and
     * in-flight claims. Blocking: a re-sync step before the node turns healthy again, and {@link NodeWatch}'s
     * interval. Throws {@link RedisCommandException} when Redis does not answer (the rooms stay to do).
     */
    public void forgetOwnMembers() {
        for (String roomKey : List.copyOf(unsure)) {
            unsure.remove(roomKey); // first: a release failing meanwhile marks it again
            try {
                dropMembersOf(node(), roomKey);
            } catch (RuntimeException unanswered) {
                unsure.add(roomKey);
                throw unanswered;
            }
        }
    }

    /** Stops the heartbeat checks. */
    public void close() {
        watch.close();
    }

    /** Drops {@code node}'s members of the room (keeping this node's current claims); blocking. */
    private void dropMembersOf(String deadNode, String roomKey) {
        List<String> args = new ArrayList<>(List.of(deadNode, channel(roomKey), node()));
        args.addAll(held.getOrDefault(roomKey, Map.of()).values());
        args.addAll(inFlight);
        long removed = cluster.await(cluster.commands().<Long>evalsha(goneSha, ScriptOutputType.INTEGER,
                new String[] {membersKey(roomKey)}, args.toArray(new String[0])));
        if (removed > 0) {
            LOG.log(System.Logger.Level.INFO, "cluster: {0} members of node {1} left a room: its heartbeat stopped",
                    removed, deadNode);
        }
    }

    /** On the pub/sub thread: a member event of a room, to the core's listener. */
    private void onEvent(String channel, String payload) {
        Listener to = listener;
        String roomKey = channel.substring("m:".length());
        try {
            JsonObject event = MemberEntryJson.parse(payload);
            switch (event.getString("e")) {
                case "joined" -> {
                    Entry entry = MemberEntryJson.decode(roomKey, event.getString("m"));
                    if (!entry.node().equals(node())) {
                        watch.mirrors(entry.node(), roomKey);
                        if (to != null) {
                            to.joined(entry);
                        }
                    }
                }
                case "left" -> {
                    if (to != null) {
                        to.left(roomKey, event.getString("k"), event.getString("node"), false);
                    }
                }
                case "gone" -> {
                    String gone = event.getString("node");
                    boolean tell = node().equals(event.getString("by"));
                    for (JsonString nickKey : event.getJsonArray("k").getValuesAs(JsonString.class)) {
                        if (to != null) {
                            to.left(roomKey, nickKey.getString(), gone, tell);
                        }
                    }
                }
                default -> LOG.log(System.Logger.Level.WARNING, "cluster: unknown member event ignored");
            }
        } catch (RuntimeException malformed) {
            LOG.log(System.Logger.Level.WARNING, "cluster: malformed member event ignored: {0}",
                    malformed.getClass().getSimpleName());
        }
    }

    private byte[] nextToken() {
        byte[] token = new byte[12];
        random.nextBytes(token);
        return token;
    }

    private String membersKey(String roomKey) {
        return cluster.key("r", roomKey, "members");
    }

    /** The full channel name for Lua's PUBLISH; the cluster's subscribe sees it as {@code m:<room>}. */
    private String channel(String roomKey) {
        return cluster.key("ch", "m", roomKey);
    }

    private static String script(String name) {
        try (InputStream in = RedisMemberDirectory.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read script " + name, e);
        }
    }
}
