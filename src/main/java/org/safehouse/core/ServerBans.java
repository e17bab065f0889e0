package org.safehouse.core;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.config.AddressRange;
import org.safehouse.protocol.CloseCode;

/**
 * Server-wide bans of address groups, set by the operator ({@link ServerOperator}). A connection from a banned group
 * is closed at {@link ChatServer#open} with 4008 ({@link CloseCode#ADDRESS_BANNED}); a new ban closes the group's
 * live connections the same way at once. A ban keeps the group's HMAC digest ({@link AddressGroupHmac}), never the
 * address, and is kept by the {@link RoomCatalog} (across restarts with SQLite). At most {@link #MAX_BANS}; one ban
 * per group (banning a group again replaces its ban). Expired bans stop counting at once and are dropped by the tick.
 *
 * <p>Thread-safe: concurrent maps, no lock held while closing a connection ({@code close} only hands work on).
 */
public final class ServerBans {
    private static final System.Logger LOG = System.getLogger(ServerBans.class.getName());
    /** The most server-wide bans kept at once (documented in README, Operating a server). */
    public static final int MAX_BANS = 10_000;

    private final Map<String, ServerBan> byDigest = new ConcurrentHashMap<>();
    /** Live connections by address group, so a new ban reaches them. */
    private final Map<String, Set<ChatSession>> live = new ConcurrentHashMap<>();
    private final AddressGroupHmac hmac;
    private final RoomCatalog catalog;
    private final Clock clock;

    ServerBans(AddressGroupHmac hmac, RoomCatalog catalog, Clock clock) {
        this.hmac = hmac;
        this.catalog = catalog;
        this.clock = clock;
        long now = clock.millis();
        for (ServerBan ban : catalog.loadServerBans()) {
            if (ban.expired(now)) {
                catalog.forgetServerBan(ban.id());
            } else {
                byDigest.put(ban.addressDigest(), ban);
            }
        }
    }

    /** What a ban was refused for. */
    public static final class BanRefused extends Exception {
        BanRefused(String message) {
            super(message);
        }
    }

    /**
     * The address group an operator's ban target names: an IP address (IPv6: its /64), or a CIDR block that is
     * exactly one group (IPv4 /32; IPv6 /64 or longer, which bans the whole /64).
     */
    public static String groupOf(String ipOrCidr) throws BanRefused {
        String text = ipOrCidr == null ? "" : ipOrCidr.trim();
        int slash = text.indexOf('/');
        try {
            AddressRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BanRefused(e.getMessage());
        }
        String address = slash < 0 ? text : text.substring(0, slash);
        int bytes = AddressRange.literal(address).orElseThrow().length;
        if (slash >= 0) {
            int prefix = Integer.parseInt(text.substring(slash + 1));
            int smallest = bytes == 4 ? 32 : 64;
            if (prefix < smallest) {
                throw new BanRefused("\"" + text + "\" spans more than one address group; a ban covers one IPv4 "
                        + "address or one IPv6 /64 (ban each in turn)");
            }
        }
        return AddressGroups.of(address);
    }

    /** Bans the group, closes its live connections with 4008 and returns the ban (its id lifts it). */
    public ServerBan ban(String addressGroup, OptionalLong durationMs, Optional<String> reason, String by)
            throws BanRefused {
        long now = clock.millis();
        String digest = hmac.digest(addressGroup);
        dropExpired(now);
        if (byDigest.size() >= MAX_BANS && !byDigest.containsKey(digest)) {
            throw new BanRefused("the server already has " + MAX_BANS + " address bans; lift some first");
        }
        ServerBan ban = ServerBan.create(digest, durationMs, reason, by, now);
        ServerBan replaced = byDigest.put(digest, ban);
        if (replaced != null) {
            catalog.forgetServerBan(replaced.id());
        }
        catalog.rememberServerBan(ban);
        int closed = 0;
        for (ChatSession session : live.getOrDefault(addressGroup, Set.of())) {
            session.connection().close(CloseCode.ADDRESS_BANNED);
            closed++;
        }
        LOG.log(Level.INFO, "server ban {0} set by {1}; live connections closed: {2}", ban.id(), by, closed);
        return ban;
    }

    /** @return whether a ban with this id was lifted */
    public boolean unban(String id, String by) {
        for (ServerBan ban : byDigest.values()) {
            if (ban.id().equals(id) && byDigest.remove(ban.addressDigest(), ban)) {
                catalog.forgetServerBan(id);
                LOG.log(Level.INFO, "server ban {0} lifted by {1}", id, by);
                return true;
            }
        }
        return false;
    }

    /**
     * Another node banned a group (cluster mode; on the catalog's listener thread): the ban holds here too, and this
     * node's live connections of that group are closed with 4008. The digest is matched against the live groups'
     * digests, since no node knows the banned address. Never blocks.
     */
    void bannedElsewhere(ServerBan ban) {
        ServerBan replaced = byDigest.put(ban.addressDigest(), ban);
        if (replaced != null && !replaced.id().equals(ban.id())) {
            LOG.log(Level.DEBUG, "server ban {0} replaced by {1} on another node", replaced.id(), ban.id());
        }
        int closed = 0;
        for (Map.Entry<String, Set<ChatSession>> group : live.entrySet()) {
            if (hmac.digest(group.getKey()).equals(ban.addressDigest())) {
                for (ChatSession session : group.getValue()) {
                    session.connection().close(CloseCode.ADDRESS_BANNED);
                    closed++;
                }
            }
        }
        LOG.log(Level.INFO, "server ban {0} set on another node by {1}; live connections closed: {2}", ban.id(),
                ban.by(), closed);
    }

    /** Another node lifted a ban (cluster mode), or forgot it expired. Never blocks. */
    void liftedElsewhere(String id) {
        byDigest.values().removeIf(ban -> ban.id().equals(id));
    }

    /** The bans in force, oldest first. */
    public List<ServerBan> list() {
        dropExpired(clock.millis());
        List<ServerBan> bans = new ArrayList<>(byDigest.values());
        bans.sort(Comparator.comparingLong(ServerBan::createdMs).thenComparing(ServerBan::id));
        return bans;
    }

    /** Whether connections from this group are refused now. */
    boolean refuses(String addressGroup) {
        if (byDigest.isEmpty()) {
            return false; // no digest to compute on the common path
        }
        ServerBan ban = byDigest.get(hmac.digest(addressGroup));
        return ban != null && !ban.expired(clock.millis());
    }

    /** A connection was let in: a ban set later closes it. */
    void opened(ChatSession session) {
        live.computeIfAbsent(session.addressGroup(), group -> ConcurrentHashMap.newKeySet()).add(session);
    }

    /** Idempotent. */
    void closed(ChatSession session) {
        live.computeIfPresent(session.addressGroup(), (group, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** The tick: forgets bans that ended. */
    void dropExpired(long nowMillis) {
        for (ServerBan ban : byDigest.values()) {
            if (ban.expired(nowMillis) && byDigest.remove(ban.addressDigest(), ban)) {
                catalog.forgetServerBan(ban.id());
            }
        }
    }
}
