package org.safehouse.core;

import java.time.Clock;
import java.util.function.Supplier;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.protocol.JsonCodec;

/**
 * The collaborators the frame handlers ({@link SessionFrameHandler}, {@link Joining}, {@link LegacyHandshake}) may
 * use, and nothing else of the server. Each collaborator owns its state and says so in its header; the threads and
 * locks are in docs/ARCHITECTURE.md.
 *
 * @param metrics what to report to; read at each report, since {@link ChatServer#reportTo} may come after wiring
 * @param addressHmac digests of address groups for address bans, keyed with the catalog's server secret
 * @param removals    takes members out of a room against their will (kick, ban, delete, wipe)
 * @param events      joins, leaves and messages for an embedding application; read at each event, like metrics
 * @param members     claims names cluster-wide before a member enters (one node: always free)
 */
record ChatContext(SafehouseConfig config, Clock clock, RoomRegistry rooms, MessageLog log, HistoryStore historyStore,
                   Replies replies, PasswordChecks passwords, AddressGroupLimits addressGroups,
                   UnjoinedConnections unjoined, PendingJoins pendingJoins, PrivateDelivery privateDelivery,
                   FrameBudget frameBudget, JsonCodec codec, Supplier<ChatMetrics> metrics,
                   AddressGroupHmac addressHmac, RoomRemovals removals, Supplier<ChatEvents> events,
                   RemoteMembers members) {
}
