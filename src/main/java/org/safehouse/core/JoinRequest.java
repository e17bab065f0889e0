package org.safehouse.core;

import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;
import org.safehouse.protocol.RoomSeal;

/**
 * A validated Join, kept while it waits for its password checks. Holds the passwords only until the checks are done
 * (the record is dropped then); never logged.
 *
 * @param ownerPassword   the owner password given: a new room's, or a claim to an existing room's
 * @param ownerByPassword whether the owner password was checked (or set, for a created room): owner for this session
 * @param inviteTokenHash the SHA-256 of the invite token given instead of a password ({@link InviteStore#tokenHash})
 * @param sealed          whether the client knows the room is sealed
 * @param seal            the seal of the sealed room this join would create
 */
record JoinRequest(String roomName, String roomKey, String nick, Optional<String> password, Optional<Long> since,
                   Optional<String> epoch, Optional<IdentityKeys> keys, boolean requireEncryption,
                   Optional<String> ownerPassword, boolean ownerByPassword, Optional<String> inviteTokenHash,
                   boolean sealed, Optional<RoomSeal> seal) {

    /** The same join, its owner password proven (and no longer held). */
    JoinRequest ownerProven() {
        return new JoinRequest(roomName, roomKey, nick, password, since, epoch, keys, requireEncryption,
                Optional.empty(), true, inviteTokenHash, sealed, seal);
    }

    @Override
    public String toString() {
        return "JoinRequest[" + roomKey + "]";
    }
}
