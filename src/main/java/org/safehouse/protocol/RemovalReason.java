package org.safehouse.protocol;

/** Why a {@code Removed} frame took a connection out of a room. */
public enum RemovalReason implements WireNamed {
    KICKED("kicked"),
    BANNED("banned"),
    DELETED("deleted"),
    WIPED("wiped");

    private final String wireName;

    RemovalReason(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
