package org.safehouse.core;

import java.util.concurrent.ConcurrentHashMap;
import org.safehouse.config.Limits;

/**
 * What one address group ({@link AddressGroups}: an IPv4 address or an IPv6 /64) holds on the server: its
 * connections, the rooms its connections are in (summed over them), and how fast it creates rooms. One address can
 * open many connections, and each may join {@code max_rooms_per_connection} rooms; these caps bound what a single
 * machine (or a /64 of them) can make the server hold, while the defaults leave room for a household or an office
 * behind one NAT.
 *
 * <p>Thread-safe: each group's counts change only inside {@link ConcurrentHashMap#compute} on its key, which takes no
 * other lock, so any core lock may be held around these calls. A group with nothing counted and a full creation
 * bucket is dropped, so idle addresses cost nothing.
 */
final class AddressGroupLimits {
    private static final class Group {
        int connections;
        int joinedRooms;
        TokenBucket creations; // created on the first room creation

        boolean idle(long nowMillis) {
            return connections <= 0 && joinedRooms <= 0 && (creations == null || creations.isFull(nowMillis));
        }
    }

    private final int maxConnections;
    private final int maxJoinedRooms;
    private final int createdPerMinute;
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    AddressGroupLimits(Limits limits) {
        this.maxConnections = limits.maxConnectionsPerAddressGroup();
        this.maxJoinedRooms = limits.maxJoinedRoomsPerAddressGroup();
        this.createdPerMinute = limits.roomsCreatedPerMinutePerAddressGroup();
    }

    /**
     * Counts a new connection of the group. @return false when that makes more than the cap (the connection is counted
     * all the same: the caller closes it, and {@link #disconnected} releases it like any other).
     */
    boolean connected(String group) {
        boolean[] within = new boolean[1];
        groups.compute(group, (key, counts) -> {
            Group g = counts == null ? new Group() : counts;
            g.connections++;
            within[0] = g.connections <= maxConnections;
            return g;
        });
        return within[0];
    }

    void disconnected(String group) {
        groups.computeIfPresent(group, (key, g) -> {
            g.connections--;
            return g.idle(Long.MIN_VALUE) ? null : g; // kept while its creation bucket refills: forgetIdle drops it
        });
    }

    /** Whether a connection of the group may enter one more room. */
    boolean mayJoin(String group) {
        Group g = groups.get(group);
        return g == null || g.joinedRooms < maxJoinedRooms; // a racy read: at worst a few joins over, never unbounded
    }

    void joined(String group) {
        groups.compute(group, (key, counts) -> {
            Group g = counts == null ? new Group() : counts;
            g.joinedRooms++;
            return g;
        });
    }

    void left(String group) {
        groups.computeIfPresent(group, (key, g) -> {
            g.joinedRooms--;
            return g.idle(Long.MIN_VALUE) ? null : g;
        });
    }

    /**
     * Takes one room creation from the group's bucket ({@code rooms_created_per_minute_per_address_group}, as burst
     * and as refill per minute). @return 0 when allowed, else milliseconds until it would be.
     */
    long tryCreateRoom(String group, long nowMillis) {
        long[] wait = new long[1];
        groups.compute(group, (key, counts) -> {
            Group g = counts == null ? new Group() : counts;
            if (g.creations == null) {
                g.creations = new TokenBucket(createdPerMinute / 60.0, createdPerMinute, nowMillis);
            }
            wait[0] = g.creations.tryTake(nowMillis);
            return g;
        });
        return wait[0];
    }

    /** Drops groups that hold nothing any more (their creation buckets refilled); the tick calls it. */
    void forgetIdle(long nowMillis) {
        for (String group : groups.keySet()) {
            groups.computeIfPresent(group, (key, g) -> g.idle(nowMillis) ? null : g);
        }
    }

    /** Groups currently tracked (tests). */
    int trackedGroups() {
        return groups.size();
    }
}
