package org.safehouse.protocol;

import java.util.Optional;

/** A member's role in a room, as the wire names it; see docs/PROTOCOL.md ("Rooms with owners and moderation"). */
public enum Role implements WireNamed {
    OWNER("owner"),
    MODERATOR("moderator"),
    MEMBER("member");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }

    /** @return the role with this wire name, or empty when there is none */
    public static Optional<Role> fromWireName(String wireName) {
        return WireNamed.fromWireName(Role.class, wireName);
    }
}
