package org.safehouse.cluster;

import io.lettuce.core.ScriptOutputType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.safehouse.core.InviteStore;
import org.safehouse.core.SharedStateUnavailable;

/**
 * Sealed rooms' invites and admissions in Redis, shared by every node of the cluster ({@link InviteStore}): any node
 * honours an invite, and one Lua script takes a use, so an invite of n uses admits at most n joins across all nodes.
 *
 * <p>Keys: {@code <prefix>inv:<room>}, a hash from the token's SHA-256 (never the token) to the invite as JSON
 * ({@code i} id, {@code t} verifier tag, {@code k} inviter's key fingerprint, {@code n} its nickname, {@code m} max
 * uses, {@code u} uses left, {@code e} expiry); {@code <prefix>adm:<room>}, a hash from an admitted key's fingerprint
 * to the verifier tag, and {@code <prefix>admt:<room>}, the same keys scored by admission time (the oldest go first
 * beyond {@link InviteStore#MAX_ADMISSIONS_PER_ROOM}). Creating an invite drops the room's dead ones (expired, used
 * up, of an older verifier) first, so a room's hash holds at most {@code max_invites_per_room} live ones and the
 * dead ones since its last invite.
 *
 * <p>Reads and the use count wait up to {@code command_timeout_ms} (join and invite frames, holding at most a
 * session's monitor) and throw {@link SharedStateUnavailable} when Redis does not answer. {@link #dropRoom} is sent
 * without waiting (a wipe calls it under the room's monitor); {@link #roomForgotten} keeps everything, since other
 * nodes may still hold members (a room created anew has a new verifier, which voids what is left).
 */
public final class RedisInviteStore implements InviteStore {
    private static final System.Logger LOG = System.getLogger(RedisInviteStore.class.getName());

    /** KEYS: invites. ARGV: now, tag, max per room, max per inviter, inviter key, token hash, invite JSON. */
    private static final String CREATE = """
            local now, tag = tonumber(ARGV[1]), ARGV[2]
            local all = redis.call('HGETALL', KEYS[1])
            local live, mine = 0, 0
            for i = 1, #all, 2 do
              local invite = cjson.decode(all[i + 1])
              if invite.u > 0 and now < invite.e and invite.t == tag then
                live = live + 1
                if invite.k == ARGV[5] then mine = mine + 1 end
              else
                redis.call('HDEL', KEYS[1], all[i])
              end
            end
            if live >= tonumber(ARGV[3]) then return 1 end
            if mine >= tonumber(ARGV[4]) then return 2 end
            redis.call('HSET', KEYS[1], ARGV[6], ARGV[7])
            return 0
            """;
    /** KEYS: invites. ARGV: token hash, then 'take' (now, tag) or 'give'. */
    private static final String USE = """
            local kept = redis.call('HGET', KEYS[1], ARGV[1])
            if not kept then return 0 end
            local invite = cjson.decode(kept)
            if ARGV[2] == 'take' then
              if invite.u <= 0 or tonumber(ARGV[3]) >= invite.e or invite.t ~= ARGV[4] then return 0 end
              invite.u = invite.u - 1
            else
              if invite.u >= invite.m then return 0 end
              invite.u = invite.u + 1
            end
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(invite))
            return 1
            """;
    /** KEYS: admissions, admission times. ARGV: key fingerprint, tag, now, most kept. */
    private static final String ADMIT = """
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
            redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
            local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
            if over > 0 then
              for _, oldest in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do
                redis.call('HDEL', KEYS[1], oldest)
              end
              redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
            end
            return 0
            """;

    private final RedisCluster cluster;
    private final String createSha;
    private final String useSha;
    private final String admitSha;

    /** Loads its scripts (blocking: at start). */
    public RedisInviteStore(RedisCluster cluster) {
        this.cluster = cluster;
        this.createSha = cluster.loadScript(CREATE);
        this.useSha = cluster.loadScript(USE);
        this.admitSha = cluster.loadScript(ADMIT);
    }

    private String invites(String roomKey) {
        return cluster.key("inv", roomKey);
    }

    private String admissions(String roomKey) {
        return cluster.key("adm", roomKey);
    }

    private String admissionTimes(String roomKey) {
        return cluster.key("admt", roomKey);
    }

    @Override
    public Created create(String roomKey, Invite invite, int maxPerRoom, int maxPerInviter, long nowMs) {
        Long answer = shared(() -> cluster.await(cluster.commands().evalsha(createSha, ScriptOutputType.INTEGER,
                new String[] {invites(roomKey)}, Long.toString(nowMs), invite.verifierTag(),
                Integer.toString(maxPerRoom), Integer.toString(maxPerInviter), invite.byKey(), invite.tokenHash(),
                json(invite))));
        return answer == 1 ? Created.ROOM_FULL : answer == 2 ? Created.INVITER_FULL : Created.CREATED;
    }

    @Override
    public Optional<Invite> find(String roomKey, String tokenHash, String verifierTag, long nowMs) {
        String kept = shared(() -> cluster.await(cluster.commands().hget(invites(roomKey), tokenHash)));
        return Optional.ofNullable(kept).map(json -> invite(tokenHash, json))
                .filter(invite -> invite.liveAt(nowMs, verifierTag));
    }

    @Override
    public boolean consume(String roomKey, String tokenHash, String verifierTag, long nowMs) {
        Long taken = shared(() -> cluster.await(cluster.commands().evalsha(useSha, ScriptOutputType.INTEGER,
                new String[] {invites(roomKey)}, tokenHash, "take", Long.toString(nowMs), verifierTag)));
        return taken == 1;
    }

    @Override
    public void giveBack(String roomKey, String tokenHash) {
        shared(() -> cluster.await(cluster.commands().evalsha(useSha, ScriptOutputType.INTEGER,
                new String[] {invites(roomKey)}, tokenHash, "give")));
    }

    @Override
    public List<Invite> live(String roomKey, String verifierTag, long nowMs) {
        Map<String, String> all = shared(() -> cluster.await(cluster.commands().hgetall(invites(roomKey))));
        List<Invite> live = new ArrayList<>();
        all.forEach((tokenHash, json) -> {
            Invite invite = invite(tokenHash, json);
            if (invite.liveAt(nowMs, verifierTag)) {
                live.add(invite);
            }
        });
        live.sort((a, b) -> Long.compare(a.expiresMs(), b.expiresMs()));
        return live;
    }

    @Override
    public boolean revoke(String roomKey, String inviteId) {
        Map<String, String> all = shared(() -> cluster.await(cluster.commands().hgetall(invites(roomKey))));
        for (Map.Entry<String, String> entry : all.entrySet()) {
            if (invite(entry.getKey(), entry.getValue()).inviteId().equals(inviteId)) {
                return shared(() -> cluster.await(cluster.commands().hdel(invites(roomKey), entry.getKey()))) > 0;
            }
        }
        return false;
    }

    @Override
    public void admit(String roomKey, Admission admission) {
        shared(() -> cluster.await(cluster.commands().evalsha(admitSha, ScriptOutputType.INTEGER,
                new String[] {admissions(roomKey), admissionTimes(roomKey)}, admission.keyFingerprint(),
                admission.verifierTag(), Long.toString(admission.admittedMs()),
                Integer.toString(MAX_ADMISSIONS_PER_ROOM))));
    }

    @Override
    public boolean admitted(String roomKey, String keyFingerprint, String verifierTag) {
        return verifierTag.equals(shared(() -> cluster.await(cluster.commands().hget(admissions(roomKey),
                keyFingerprint))));
    }

    @Override
    public void forgetAdmission(String roomKey, String keyFingerprint) {
        shared(() -> cluster.await(cluster.commands().hdel(admissions(roomKey), keyFingerprint)));
        shared(() -> cluster.await(cluster.commands().zrem(admissionTimes(roomKey), keyFingerprint)));
    }

    @Override
    public void dropRoom(String roomKey) {
        try {
            cluster.commands().del(invites(roomKey), admissions(roomKey), admissionTimes(roomKey))
                    .whenComplete((count, failure) -> {
                        if (failure != null) { // harmless: the room's new verifier voids them anyway
                            LOG.log(Level.WARNING, "cluster: a room's invites were not dropped: {0}",
                                    failure.getClass().getSimpleName());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: a room's invites were not dropped: {0}", e.getClass().getSimpleName());
        }
    }

    @Override
    public void roomForgotten(String roomKey) {
        // Kept: another node may still hold members of the room (see the class comment).
    }

    private static String json(Invite invite) {
        return Json.createObjectBuilder().add("i", invite.inviteId()).add("t", invite.verifierTag())
                .add("k", invite.byKey()).add("n", invite.byNick()).add("m", invite.maxUses())
                .add("u", invite.usesLeft()).add("e", invite.expiresMs()).build().toString();
    }

    private static Invite invite(String tokenHash, String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject kept = reader.readObject();
            return new Invite(kept.getString("i"), tokenHash, kept.getString("t"), kept.getString("k"),
                    kept.getString("n"), kept.getJsonNumber("m").intValue(), kept.getJsonNumber("u").intValue(),
                    kept.getJsonNumber("e").longValue());
        }
    }

    @FunctionalInterface
    private interface Command<T> {
        T run();
    }

    private static <T> T shared(Command<T> command) {
        try {
            return command.run();
        } catch (RedisCommandException e) {
            throw new SharedStateUnavailable("the invites did not answer: " + e.getMessage(), e);
        }
    }
}
