package org.safehouse.core;

/**
 * One connection's presence in one room. Immutable (the room it points to is guarded by its own monitor).
 *
 * @param nick        the display name, NFC-normalized
 * @param nickKey     the case-folded key names collide on
 * @param session     the connection
 * @param room        the room
 * @param directTopic the topic of private messages to this member
 * @param keys        the public keys this member proved it owns (by signing the join challenge), if any
 */
record Member(String nick, String nickKey, ChatSession session, Room room, String directTopic,
              java.util.Optional<org.safehouse.crypto.IdentityKeys> keys) {

    /** The keys as they travel on the wire, when this member proved some. */
    java.util.Optional<org.safehouse.protocol.PublicKeys> publicKeys() {
        return keys.map(k -> new org.safehouse.protocol.PublicKeys(k.agreement(), k.signing(), k.algorithm()));
    }
}
