package org.safehouse.core;

import java.util.Arrays;
import java.util.Base64;
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
 * {@link #changePassword} is the one place where a rotation happens on the node that made it. A sealed room's panic
 * wipe is a rotation too ({@link #checkWipe}, {@link #sealAfterWipe}): the wiped room goes on under the new salt, so
 * nobody who held the old key reads what is written after it. Stateless.
 */
final class SealRotation {
    private SealRotation() {
    }

    /** Refuses a RoomSettings that would break a seal: checked before any hashing. */
    static void checkSettings(Room room, ClientFrame.RoomSettings settings) throws ChatError {
        Optional<String> name = Optional.of(room.name());
        Optional<RoomSeal> seal = room.rules().seal();
        if (seal.isEmpty()) {
            refuseSaltOfUnsealed(settings.salt(), name);
            return;
        }
        if (settings.password().isEmpty()) {
            return;
        }
        if (settings.password().get().isEmpty()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "a sealed room keeps a password: give a new one with a new "
                    + "salt", name);
        }
        requireNewSalt(settings.salt(), seal.get(), name, "a sealed room's new password comes with a new salt",
                "a sealed room's new password needs a new salt, not its current one");
    }

    /**
     * Refuses a WipeRoom whose salt does not fit the room: a sealed room's wipe needs a new salt (its new password
     * makes a new room key), any other room's takes none. Checked before any hashing, and again when the wipe is
     * done (a rotation may have come between). Caller may hold the room's monitor.
     */
    static void checkWipe(Room room, ClientFrame.WipeRoom wipe) throws ChatError {
        Optional<String> name = Optional.of(room.name());
        Optional<RoomSeal> seal = room.rules().seal();
        if (seal.isEmpty()) {
            refuseSaltOfUnsealed(wipe.salt(), name);
            return;
        }
        requireNewSalt(wipe.salt(), seal.get(), name, "a sealed room's wipe comes with a new salt: its new password "
                + "makes a new room key", "a sealed room's wipe needs a new salt, not its current one");
    }

    private static void refuseSaltOfUnsealed(Optional<String> salt, Optional<String> name) throws ChatError {
        if (salt.isPresent()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "only a sealed room has a salt", name);
        }
    }

    /** A sealed room's new password needs a salt, and not the current one: else {@code bad_field} with these words. */
    private static void requireNewSalt(Optional<String> salt, RoomSeal current, Optional<String> name,
                                       String whenMissing, String whenCurrent) throws ChatError {
        if (salt.isEmpty()) {
            throw new ChatError(ErrorCode.BAD_FIELD, whenMissing, name);
        }
        if (sameSalt(salt.get(), current)) {
            throw new ChatError(ErrorCode.BAD_FIELD, whenCurrent, name);
        }
    }

    /**
     * Whether a salt given (base64 of 16 bytes: the decoder checked it) is the seal's, byte for byte: another spelling
     * of the same bytes would give the pages the same key.
     */
    private static boolean sameSalt(String given, RoomSeal current) {
        Base64.Decoder base64 = Base64.getDecoder();
        return Arrays.equals(base64.decode(given), base64.decode(current.salt()));
    }

    /**
     * The seal the wiped room goes on with: a sealed room's with the salt {@link #checkWipe} passed (the same KDF);
     * empty for any other room, and for the operator's wipe (no salt: the room keeps its seal and password).
     */
    static Optional<RoomSeal> sealAfterWipe(Room room, Optional<String> salt) {
        return salt.flatMap(newSalt -> room.rules().seal().map(seal -> new RoomSeal(newSalt, seal.kdf())));
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
