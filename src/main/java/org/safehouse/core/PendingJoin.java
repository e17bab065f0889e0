package org.safehouse.core;

import java.util.Optional;
import org.safehouse.crypto.IdentityKeys;

/**
 * A Join with keys waiting for the signature over its challenge. The passwords were checked already; the member is
 * not in the room (not online) until the proof verifies. Immutable; used once.
 *
 * @param ownerByPassword whether the join proved (or set) the room's owner password
 * @param inviteTokenHash the invite it came with: one use is taken when the proof verifies
 */
record PendingJoin(Room room, String nick, IdentityKeys keys, String challenge, long createdMillis,
                   Optional<Long> since, Optional<String> epoch, boolean ownerByPassword,
                   Optional<String> inviteTokenHash) {
    /** A challenge older than this is refused, so a captured one cannot be answered later. */
    static final long TIMEOUT_MILLIS = 30_000;
}
