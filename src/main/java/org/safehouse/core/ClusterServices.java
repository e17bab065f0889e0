package org.safehouse.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the core needs from a cluster, handed to {@link ChatServer} as one value: {@link #SINGLE_NODE} for one node
 * (in-memory log and mailboxes, always healthy, {@code node_id} from config), or the Redis-backed parts that
 * {@code app.SafehouseAssembly} builds from the {@code cluster} section. Each component is a public port of core;
 * each helper adds its own (with a {@code with...} copy for tests and the assembly).
 *
 * @param log       the cluster's room log (empty: one node, {@link InMemoryMessageLog})
 * @param health    whether this node may admit members ({@link ClusterHealth#ALWAYS} for one node)
 * @param mailboxes the cluster's shared mailboxes of private messages ({@link MailboxBus#NONE}: one node)
 * @param members   who holds which name in which room across the nodes ({@link MemberDirectory#LOCAL}: one node)
 * @param nodeId    this node's id inside snowflake ids, taken from Redis at start (empty: config's {@code node_id})
 * @param nodeName  this node's name in the cluster (its heartbeat key), e.g. {@code n-3f9a61c2}; "local" alone
 * @param passwords where wrong room passwords are counted across the nodes (empty: this node's
 *                  {@link PasswordThrottle})
 */
public record ClusterServices(Optional<RoomLogBus> log, ClusterHealth health, MailboxBus mailboxes,
                              MemberDirectory members, OptionalInt nodeId, String nodeName,
                              Optional<PasswordGuesses> passwords) {
    public static final ClusterServices SINGLE_NODE = new ClusterServices(Optional.empty(), ClusterHealth.ALWAYS,
            MailboxBus.NONE, MemberDirectory.LOCAL, OptionalInt.empty(), "local", Optional.empty());

    public ClusterServices {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(mailboxes, "mailboxes");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(passwords, "passwords");
    }

    /** A cluster node named {@code nodeName} with snowflake node id {@code nodeId} and the room log {@code log}. */
    public static ClusterServices node(String nodeName, int nodeId, RoomLogBus log) {
        return new ClusterServices(Optional.of(log), ClusterHealth.ALWAYS, MailboxBus.NONE, MemberDirectory.LOCAL,
                OptionalInt.of(nodeId), nodeName, Optional.empty());
    }

    public ClusterServices withHealth(ClusterHealth newHealth) {
        return new ClusterServices(log, newHealth, mailboxes, members, nodeId, nodeName, passwords);
    }

    public ClusterServices withMailboxes(MailboxBus newMailboxes) {
        return new ClusterServices(log, health, newMailboxes, members, nodeId, nodeName, passwords);
    }

    public ClusterServices withMembers(MemberDirectory newMembers) {
        return new ClusterServices(log, health, mailboxes, newMembers, nodeId, nodeName, passwords);
    }

    public ClusterServices withPasswords(PasswordGuesses shared) {
        return new ClusterServices(log, health, mailboxes, members, nodeId, nodeName, Optional.of(shared));
    }
}
