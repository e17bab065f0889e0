package org.safehouse.protocol;

/** What a room ban matches: the member's proven key, their nickname, or their address group. */
public enum BanKind implements WireNamed {
    KEY("key"),
    NICK("nick"),
    ADDRESS("address");

    private final String wireName;

    BanKind(String wireName) {
        this.wireName = wireName;
    }

    @Override
    public String wireName() {
        return wireName;
    }
}
