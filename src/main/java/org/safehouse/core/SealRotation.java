package org.safehouse.core;

import java.util.Optional;
import org.safehouse.config.RoomPassword;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.RoomSeal;

/**
 * A sealed room's password change: the owner's {@code RoomSettings} gives a new password (the new join verifier)
 * with a new salt, and the room keeps both at once, so the room key the pages derive rotates with it (docs/PROTOCOL.md,
 * "Sealed rooms"). Whatever was granted under the old key is void from then on: anything kept with a salt (invites,
 * admissions) holds only while {@link RoomRules#seal()} still has that salt, on every node and after a restart, and
 * {@link #changePassword} is the one place where a rotation happens on the node that made it. Stateless.
 */
final class SealRotation {
    private SealRotation() {
    }

    /** Refuses a RoomSettings that would break a seal: checked before any hashing. */
    static void checkSettings(Room room, ClientFrame.RoomSettings settings) throws ChatError {
        Optional<String> name = Optional.of(room.name());
        if (!room.rules().sealed()) {
            if (settings.salt().isPresent()) {
                throw new ChatError(ErrorCode.BAD_FIELD, "only a sealed room has a salt", name);
            }
            return;
        }
        if (settings.password().isEmpty()) {
            return;
        }
        if (settings.password().get().isEmpty()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "a sealed room keeps a password: give a new one with a new "
                    + "salt", name);
        }
        if (settings.salt().isEmpty()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "a sealed room's new password comes with a new salt", name);
        }
        if (settings.salt().equals(room.rules().seal().map(RoomSeal::salt))) {
            throw new ChatError(ErrorCode.BAD_FIELD, "a sealed room's new password needs a new salt, not its "
                    + "current one", name);
        }
    }

    /**
     * Sets the room's new password, and for a sealed room its new seal (the salt {@link #checkSettings} passed), as
     * one change of the room's governance. Caller holds the room's monitor.
     */
    static void changePassword(Room room, RoomPassword password, Optional<String> salt) {
        if (!room.rules().sealed() || salt.isEmpty()) {
            room.governance().changePassword(password);
            return;
        }
        room.governance().rotateSeal(password, new RoomSeal(salt.get(), RoomSeal.KDF_ARGON2ID_V1));
    }
}
