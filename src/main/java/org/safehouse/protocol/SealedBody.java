package org.safehouse.protocol;

import java.util.Objects;

/**
 * A sealed room message's body, opaque to the server: AES-256-GCM under the room key, which only the members' pages
 * hold. {@code keyId} names the room key (16 hex digits), {@code iv} (12 bytes), {@code ciphertext} and the sender's
 * {@code signature} are base64; the room, sender, {@code clientMsgId} and {@code keyId} are bound into it as
 * associated data (docs/PROTOCOL.md, "Sealed rooms"), so the server cannot re-label it. Relayed and kept exactly as
 * received.
 *
 * @param version the body format, {@value #VERSION}
 */
public record SealedBody(String clientMsgId, int version, String keyId, String iv, String ciphertext,
                         String signature) {
    public static final int VERSION = 1;

    public SealedBody {
        Objects.requireNonNull(clientMsgId, "clientMsgId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(iv, "iv");
        Objects.requireNonNull(ciphertext, "ciphertext");
        Objects.requireNonNull(signature, "signature");
    }

    /** What it costs a room's history, like a text's characters: every field as relayed. */
    public long chars() {
        return (long) clientMsgId.length() + keyId.length() + iv.length() + ciphertext.length() + signature.length();
    }

    @Override
    public String toString() {
        return "SealedBody[" + ciphertext.length() + " chars]";
    }
}
