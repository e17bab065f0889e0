package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.ErrorCode;
import org.safehouse.protocol.SealedBody;

/**
 * The rules of a room message by kind of room (docs/PROTOCOL.md, "Sealed rooms"): a sealed room takes only sealed
 * messages, from members who proved keys, no longer than the text limit allows once sealed; a room that is not sealed
 * takes none (its Ragnarok members and older pages would get a message without text). The body itself is opaque:
 * its shape was checked by the codec, and it is relayed and kept exactly as received. Stateless.
 */
final class SealedMessages {
    /** The page's plaintext wraps the text as JSON ({@code {"text":...,"sentAt":<ms>}}): room for that, generously. */
    static final int ENVELOPE_BYTES = 64;
    /** AES-GCM's tag. */
    static final int TAG_BYTES = 16;

    private SealedMessages() {
    }

    /** The longest ciphertext (base64 characters) a sealed message may carry under this text limit. */
    static long maxCiphertextChars(int maxTextChars) {
        long bytes = (long) maxTextChars * 4 + ENVELOPE_BYTES + TAG_BYTES; // UTF-8: at most 4 bytes a character
        return (bytes + 2) / 3 * 4;
    }

    /**
     * The sealed body a Broadcast may carry in this room, or empty for a plain message (whose text the caller checks).
     *
     * @throws ChatError {@code encryption_required} for plain text in a sealed room, {@code bad_field} for a sealed
     *                   message in a room that is not sealed, {@code keys_required} from a member without proven
     *                   keys, {@code text_too_long} for a ciphertext beyond the text limit
     */
    static Optional<SealedBody> checked(ClientFrame.Broadcast broadcast, Member sender, int maxTextChars)
            throws ChatError {
        Room room = sender.room();
        Optional<String> name = Optional.of(room.name());
        if (broadcast.sealed().isEmpty()) {
            if (room.rules().sealed()) {
                throw new ChatError(ErrorCode.ENCRYPTION_REQUIRED, "this room is sealed: its messages must be sealed "
                        + "under the room key", name);
            }
            return Optional.empty();
        }
        if (!room.rules().sealed()) {
            throw new ChatError(ErrorCode.BAD_FIELD, "this room is not sealed: send text", name);
        }
        if (sender.keys().isEmpty()) {
            throw new ChatError(ErrorCode.KEYS_REQUIRED, "join with keys to send sealed messages", name);
        }
        if (broadcast.sealed().get().ciphertext().length() > maxCiphertextChars(maxTextChars)) {
            throw new ChatError(ErrorCode.TEXT_TOO_LONG, "ciphertext is longer than the text limit allows", name);
        }
        return broadcast.sealed();
    }
}
