package org.safehouse.protocol;

import static org.safehouse.protocol.JsonFields.optionalLong;
import static org.safehouse.protocol.JsonFields.requiredString;
import static org.safehouse.protocol.JsonFields.shortString;

import jakarta.json.JsonObject;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the invite frames (CreateInvite, ListInvites, RevokeInvite) and a Join's {@code invite} for
 * {@link ClientFrameDecoder}, with the limits docs/PROTOCOL.md states ("Invites"). Whether the sender may invite is
 * the core's rule; this class only checks that the frame is well formed. Stateless.
 */
final class InviteFrameDecoder {
    /** Most uses one invite may allow. */
    static final long MAX_USES = 100;
    /** Shortest and longest life of an invite: a minute and 30 days. */
    static final long MIN_EXPIRES_MS = 60_000;
    static final long MAX_EXPIRES_MS = 2_592_000_000L;

    private InviteFrameDecoder() {
    }

    static ClientFrame decode(String type, JsonObject object, Optional<String> room) throws ProtocolException {
        switch (type) {
            case "CreateInvite":
                return new ClientFrame.CreateInvite(requiredString(object, "room", room),
                        (int) required(optionalLong(object, "maxUses", 1, MAX_USES, room), "maxUses", room),
                        required(optionalLong(object, "expiresInMs", MIN_EXPIRES_MS, MAX_EXPIRES_MS, room),
                                "expiresInMs", room));
            case "ListInvites":
                return new ClientFrame.ListInvites(requiredString(object, "room", room));
            case "RevokeInvite":
                Optional<String> id = shortString(object, "inviteId", room);
                if (id.isEmpty()) {
                    throw new ProtocolException(ErrorCode.BAD_FIELD, "missing field inviteId", room);
                }
                return new ClientFrame.RevokeInvite(requiredString(object, "room", room), id.get());
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown msgType", room);
        }
    }

    /**
     * Join's {@code invite}: empty when absent or null; at most 64 characters (a token is 43). Whether it is a token
     * the room gave out is the core's check, counted like a password guess.
     */
    static Optional<String> invite(JsonObject object, Optional<String> room) throws ProtocolException {
        return shortString(object, "invite", room);
    }

    private static long required(OptionalLong value, String field, Optional<String> room) throws ProtocolException {
        if (value.isEmpty()) {
            throw new ProtocolException(ErrorCode.BAD_FIELD, "missing field " + field, room);
        }
        return value.getAsLong();
    }
}
