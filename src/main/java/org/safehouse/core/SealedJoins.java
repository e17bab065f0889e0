package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ErrorCode;

/**
 * The sealed-room rules of a Join (docs/PROTOCOL.md, "Sealed rooms"): a sealed room admits only a Join that knows it
 * is sealed, a Join that expects a sealed room never lands in one that is not, and a sealed room is created only with
 * its seal and a password (the page's join verifier). Stateless.
 */
final class SealedJoins {
    private SealedJoins() {
    }

    /**
     * Refuses {@code sealed_room} when the Join and the room disagree. A client unaware of sealed rooms would take the
     * ciphertext for the room's talk; a page that expects a sealed room must not seal messages into, or trust, a
     * squatter's plain room of the same name.
     */
    static void checkSealMatches(Room room, boolean joinSealed) throws ChatError {
        boolean roomSealed = room.rules().sealed();
        if (roomSealed && !joinSealed) {
            throw new ChatError(ErrorCode.SEALED_ROOM, "this room is sealed: its messages are end-to-end encrypted "
                    + "under its password, which this client cannot do; join from the Safehouse page",
                    Optional.of(room.name()));
        }
        if (!roomSealed && joinSealed) {
            throw new ChatError(ErrorCode.SEALED_ROOM, "this room is not sealed; join it without sealed if you "
                    + "meant this room", Optional.of(room.name()));
        }
    }

    /**
     * A Join that creates a room: a sealed one needs its seal (a bare {@code sealed: true} names a room that must
     * exist) and a password; its keys are checked when it enters (a sealed room requires encryption).
     */
    static void checkMayCreate(JoinRequest request) throws ChatError {
        Optional<String> room = Optional.of(request.roomName());
        if (request.sealed() && request.seal().isEmpty()) {
            throw new ChatError(ErrorCode.NO_SUCH_ROOM, "no such sealed room; to create one, send its seal",
                    room);
        }
        if (request.seal().isPresent() && request.password().isEmpty()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "a sealed room needs a password (the join verifier)", room);
        }
        if (request.seal().isPresent() && request.keys().isEmpty()) {
            throw new ChatError(ErrorCode.KEYS_REQUIRED, "a sealed room requires end-to-end encryption: join with "
                    + "keys", room);
        }
    }
}
