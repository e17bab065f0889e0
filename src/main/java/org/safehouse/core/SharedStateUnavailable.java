package org.safehouse.core;

import java.util.Optional;
import org.safehouse.protocol.ErrorCode;

/**
 * A port shared by the nodes of a cluster ({@link RoomCatalog#claim}, {@link RoomCatalog#lookup}, a shared
 * {@link PasswordGuesses}) could not answer within its timeout: its store is unreachable or slow. The core answers
 * the join that needed it with {@code cluster_unavailable} and closes the connection with 4011, as a node that lost
 * its cluster does ({@link Joining}), so the client joins again through another node; nothing was joined. The message names no secret and no address. One node alone never throws it.
 */
public final class SharedStateUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SharedStateUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /** What the join that needed the shared state is answered, before the connection is closed with 4011. */
    ChatError refusal(Optional<String> room) {
        return new ChatError(ErrorCode.CLUSTER_UNAVAILABLE, "the cluster did not answer in time; try again", room);
    }
}
