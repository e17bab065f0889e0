package org.safehouse.protocol;

/** Who may post Broadcasts in a room: everyone, or only its owner and moderators (an announcement room). */
public enum PostPolicy implements WireNamed {
    EVERYONE("everyone"),
    MODERATORS("moderators");

    private final String wireName;

    PostPolicy(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
