package org.safehouse.cluster;

import io.lettuce.core.ScriptOutputType;
import java.lang.System.Logger.Level;
import java.time.Clock;
import org.safehouse.config.Limits;
import org.safehouse.core.AddressGroupHmac;
import org.safehouse.core.PasswordGuesses;
import org.safehouse.core.SharedStateUnavailable;

/**
 * Wrong room passwords counted in Redis, so every node of a cluster throttles the same guesses ({@link PasswordGuesses}):
 * the token buckets of one node's {@code PasswordThrottle}, with the same budget and refill
 * ({@code wrong_password_burst_per_address}, {@code wrong_passwords_per_minute_per_address},
 * {@code wrong_password_burst_per_room}, {@code wrong_passwords_per_minute_per_room}), kept as hashes (tokens, last
 * refill) that one Lua script reads or updates atomically.
 *
 * <p>Keys: {@code <prefix>throttle:g:<digest>:<room>} per address group and room, where the digest is the group's
 * {@link AddressGroupHmac} under the cluster's shared secret (Redis never holds an address), and
 * {@code <prefix>throttle:r:<room>} per room. Bounded: each key expires (PEXPIRE) when its bucket would be full
 * again, plus a second, so only groups that guessed wrong lately have keys. Time is the node's clock (nodes keep it
 * in step with NTP; a node whose clock lags only refills later).
 *
 * <p>{@link #waitBeforeAttempt} blocks up to {@code command_timeout_ms} (join path, holding at most a session's
 * monitor) and throws {@link SharedStateUnavailable} when Redis does not answer; {@link #recordFailure} is queued on
 * the shared connection without waiting (a failure is logged, never with the group or the room).
 */
public final class RedisPasswordThrottle implements PasswordGuesses {
    private static final System.Logger LOG = System.getLogger(RedisPasswordThrottle.class.getName());

    /** KEYS: group bucket, room bucket. ARGV: now, group rate/ms, group burst, room rate/ms, room burst, mode. */
    private static final String BUCKETS = """
            local now = tonumber(ARGV[1])
            local function state(key, rate, burst)
              local kept = redis.call('HMGET', key, 't', 'ts')
              if not kept[1] then return nil, nil end
              local tokens, ts = tonumber(kept[1]), tonumber(kept[2])
              if now > ts then tokens = math.min(burst, tokens + (now - ts) * rate); ts = now end
              return tokens, ts
            end
            local function wait(tokens, rate)
              if tokens >= 1 then return 0 end
              return math.max(1, math.ceil((1 - tokens) / rate))
            end
            local groupRate, groupBurst = tonumber(ARGV[2]), tonumber(ARGV[3])
            local roomRate, roomBurst = tonumber(ARGV[4]), tonumber(ARGV[5])
            if ARGV[6] == 'peek' then
              local own = state(KEYS[1], groupRate, groupBurst)
              if own == nil or own >= groupBurst then return 0 end
              local waited = wait(own, groupRate)
              local room = state(KEYS[2], roomRate, roomBurst)
              if room ~= nil then waited = math.max(waited, wait(room, roomRate)) end
              return waited
            end
            local function take(key, rate, burst)
              local tokens, ts = state(key, rate, burst)
              if tokens == nil then tokens, ts = burst, now end
              if tokens >= 1 then tokens = tokens - 1 end
              redis.call('HSET', key, 't', tostring(tokens), 'ts', tostring(ts))
              redis.call('PEXPIRE', key, math.ceil((burst - tokens) / rate) + 1000)
            end
            take(KEYS[1], groupRate, groupBurst)
            take(KEYS[2], roomRate, roomBurst)
            return 0
            """;

    private final RedisCluster cluster;
    private final AddressGroupHmac hmac;
    private final Clock clock;
    private final String sha;
    private final String groupRate;
    private final String groupBurst;
    private final String roomRate;
    private final String roomBurst;

    /** Loads its script (blocking: at start). {@code hmac} is keyed with the cluster's shared server secret. */
    public RedisPasswordThrottle(RedisCluster cluster, Limits limits, AddressGroupHmac hmac, Clock clock) {
        this.cluster = cluster;
        this.hmac = hmac;
        this.clock = clock;
        this.sha = cluster.loadScript(BUCKETS);
        this.groupRate = perMilli(limits.wrongPasswordsPerMinutePerAddress());
        this.groupBurst = Integer.toString(limits.wrongPasswordBurstPerAddress());
        this.roomRate = perMilli(limits.wrongPasswordsPerMinutePerRoom());
        this.roomBurst = Integer.toString(limits.wrongPasswordBurstPerRoom());
    }

    private static String perMilli(double perMinute) {
        return Double.toString(perMinute / 60_000.0);
    }

    private String[] keys(String addressGroup, String roomKey) {
        return new String[] {cluster.key("throttle", "g", hmac.digest(addressGroup), roomKey),
                cluster.key("throttle", "r", roomKey)};
    }

    private String[] args(String mode) {
        return new String[] {Long.toString(clock.millis()), groupRate, groupBurst, roomRate, roomBurst, mode};
    }

    @Override
    public long waitBeforeAttempt(String addressGroup, String roomKey) {
        try {
            Long wait = cluster.await(cluster.commands().evalsha(sha, ScriptOutputType.INTEGER,
                    keys(addressGroup, roomKey), args("peek")));
            return wait == null ? 0 : wait;
        } catch (RedisCommandException e) {
            throw new SharedStateUnavailable("the password throttle did not answer: " + e.getMessage(), e);
        }
    }

    @Override
    public void recordFailure(String addressGroup, String roomKey) {
        try {
            cluster.commands().evalsha(sha, ScriptOutputType.INTEGER, keys(addressGroup, roomKey), args("take"))
                    .whenComplete((answer, failure) -> {
                        if (failure != null) {
                            LOG.log(Level.WARNING, "cluster: a wrong password was not counted: {0}",
                                    failure.getClass().getSimpleName());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cluster: a wrong password was not counted: {0}", e.getClass().getSimpleName());
        }
    }
}
