package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.PublicKeys;

/**
 * A member whose connection another node of the cluster holds: in the room's member list, its keys and its roles,
 * never subscribed here. Its node proved its keys and owner password; this node trusts its node's word. Immutable.
 *
 * @param node the id of the node that holds its connection ({@link MemberDirectory#node})
 */
record RemoteMember(String nick, String nickKey, String node, Optional<PublicKeys> publicKeys,
                    Optional<String> fingerprint, boolean legacy, boolean ownerByPassword) implements RoomOccupant {

    static RemoteMember of(MemberDirectory.Entry entry) {
        return new RemoteMember(entry.nick(), entry.nickKey(), entry.node(), entry.keys(), entry.fingerprint(),
                entry.legacy(), entry.ownerByPassword());
    }
}
