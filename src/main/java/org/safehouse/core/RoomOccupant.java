package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.PublicKeys;

/**
 * Someone in a room's member list: a {@link Member} of this node, or a {@link RemoteMember} another node holds. What
 * the list, the keys a private message needs, and the roles are made of. Implementations are immutable.
 */
interface RoomOccupant {
    /** The display name, NFC-normalized. */
    String nick();

    /** The case-folded key names collide on. */
    String nickKey();

    /** The keys as they travel on the wire, when it proved some. */
    Optional<PublicKeys> publicKeys();

    /** The fingerprint roles and bans bind to, when it proved keys. */
    Optional<String> fingerprint();

    /** Whether it proved the room's owner password (owner for its room session). */
    boolean ownerByPassword();

    /** A Ragnarok connection, which gets the whole list (OnlineUsers) instead of Presence. */
    boolean legacy();
}
