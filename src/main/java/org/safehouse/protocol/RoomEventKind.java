package org.safehouse.protocol;

/** What a {@code RoomEvent} (the system line members see for a moderation action) reports. */
public enum RoomEventKind implements WireNamed {
    KICK("kick"),
    BAN("ban"),
    UNBAN("unban"),
    MUTE("mute"),
    UNMUTE("unmute"),
    ROLE("role"),
    OWNER("owner"),
    SETTINGS("settings"),
    PASSWORD("password");

    private final String wireName;

    RoomEventKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
