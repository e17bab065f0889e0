package org.safehouse.core;

import java.util.List;
import java.util.Optional;
import org.safehouse.protocol.PublicKeys;

/**
 * Who is in which room across every node of a cluster: the port that claims a nickname cluster-wide and tells each
 * node of the members other nodes hold. One node has {@link #LOCAL}: nobody else holds names, so it claims every name
 * at once and reports nobody (the room's own map settles name_taken, as it always did). Cluster mode has
 * {@code cluster/RedisMemberDirectory}.
 *
 * <ol>
 *   <li>{@link #claim} MAY block (a network round trip, bounded by the implementation's command timeout); it is called
 *       only on the join path, holding at most the session's monitor, NEVER a room's.</li>
 *   <li>A name is held by one live member in the whole cluster: a claim of a name held by a member of a live node is
 *       {@link Claim#TAKEN}; one held by a member of a node that is gone replaces it. A room that holds
 *       {@code maxMembers} (live) members refuses with {@link Claim#FULL}.</li>
 *   <li>A claim that succeeds tells every other node (its listener's {@link Listener#joined}) before any later
 *       {@link #release} of the same name by this node tells them it {@link Listener#left}.</li>
 *   <li>{@link #release} MUST NOT block: it is called under the room's monitor (every way out of a room goes through
 *       {@link Room#leave}). It releases only this node's own claim of that name.</li>
 *   <li>The listener is called on one thread, in the cluster's order, and MUST NOT block: it takes a room's monitor
 *       for a moment and returns. A node's own claims and releases are not reported back to it.</li>
 *   <li>When a node dies, each of its members is reported {@link Listener#left} to every other node within the
 *       node timeout plus one heartbeat, with {@code tellMembers} true on exactly one node: that node tells its rooms
 *       (Presence, OnlineUsers), as the dead node would have.</li>
 * </ol>
 */
public interface MemberDirectory {
    /**
     * A member as the cluster knows it.
     *
     * @param node            the id of the node whose connection it is
     * @param fingerprint     the fingerprint of its proven keys (what its roles bind to), if it proved any
     * @param legacy          a Ragnarok connection (its room gets OnlineUsers lists)
     * @param ownerByPassword it proved the room's owner password on its node
     */
    record Entry(String roomKey, String nickKey, String nick, String node, Optional<PublicKeys> keys,
                 Optional<String> fingerprint, boolean legacy, boolean ownerByPassword) {
    }

    /** The answer to a claim. */
    enum Claim {
        CLAIMED, TAKEN, FULL
    }

    /** What other nodes' members do; see the contract above for its thread. */
    interface Listener {
        /** A member of another node entered a room. */
        void joined(Entry member);

        /**
         * A member of another node left the room.
         *
         * @param tellMembers this node tells the room's members (its node is gone and this node noticed it first)
         */
        void left(String roomKey, String nickKey, String node, boolean tellMembers);
    }

    /** This node's id, the {@link Entry#node} of its own members. */
    String node();

    /**
     * Claims {@code member.nickKey()} in its room for this node, and tells the other nodes.
     *
     * @param maxMembers the room's member limit; 0: none
     * @throws SharedStateUnavailable when the directory cannot answer within its timeout; the core answers
     *                                 {@code cluster_unavailable}
     */
    Claim claim(Entry member, int maxMembers);

    /** Gives back this node's claim of the name, if it holds one, and tells the other nodes. Never blocks. */
    void release(String roomKey, String nickKey);

    /**
     * The room's members on live nodes now (this node's too). May block; never under a room's monitor.
     *
     * @throws SharedStateUnavailable when the directory cannot answer within its timeout
     */
    List<Entry> members(String roomKey);

    /** Reports other nodes' members to {@code listener} from now on; called once, by the core, at start. */
    void listen(Listener listener);

    /**
     * Whether {@link #claim} refuses with {@link Claim#FULL} at the room's limit, counting every node's members: then
     * the room does not count again with its mirror (which may lag a moment behind). {@link #LOCAL}: false, the room
     * counts.
     */
    default boolean countsMembers() {
        return true;
    }

    /** One node: every name is free cluster-wide (the room itself refuses a name taken here), nobody else exists. */
    MemberDirectory LOCAL = new MemberDirectory() {
        @Override
        public String node() {
            return "local";
        }

        @Override
        public Claim claim(Entry member, int maxMembers) {
            return Claim.CLAIMED;
        }

        @Override
        public void release(String roomKey, String nickKey) {
        }

        @Override
        public List<Entry> members(String roomKey) {
            return List.of();
        }

        @Override
        public void listen(Listener listener) {
        }

        @Override
        public boolean countsMembers() {
            return false;
        }
    };
}
