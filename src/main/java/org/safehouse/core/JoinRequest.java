package org.safehouse.core;

import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;

/**
 * A validated Join, kept while it waits for its password check. Holds the password only until the check is done
 * (the record is dropped then); never logged.
 */
record JoinRequest(String roomName, String roomKey, String nick, Optional<String> password, Optional<Long> since,
                   Optional<String> epoch, Optional<IdentityKeys> keys, boolean requireEncryption) {
    @Override
    public String toString() {
        return "JoinRequest[" + roomKey + "]";
    }
}
