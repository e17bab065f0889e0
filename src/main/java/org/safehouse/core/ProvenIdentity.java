package org.safehouse.core;

import java.util.Optional;

/**
 * An identity proven in a room: the nickname as shown, its key (for comparisons ignoring case), and the base64 public
 * signing key it proved. All public; what the mailbox remembers and a durable store keeps.
 */
public record ProvenIdentity(String nick, String nickKey, String signingKey) {

    /** The same person: the same nickname (ignoring case) with the same signing key. */
    boolean same(ProvenIdentity other) {
        return nickKey.equals(other.nickKey) && signingKey.equals(other.signingKey);
    }

    /** A member's identity, when it joined with keys. */
    static Optional<ProvenIdentity> of(Member member) {
        return member.keys().map(keys -> new ProvenIdentity(member.nick(), member.nickKey(), keys.signing()));
    }
}
