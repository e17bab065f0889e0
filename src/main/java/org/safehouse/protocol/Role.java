package org.safehouse.protocol;

/** A member's role in one room, bound to a proven key (never to a nickname); see docs/PROTOCOL.md. */
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
}
