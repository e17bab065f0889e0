package org.safehouse.protocol;

import java.util.Optional;

/** What a room ban matches: the member's proven key, its nickname, or its address group. */
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

    /** @return the kind with this wire name, or empty when there is none */
    public static Optional<BanKind> fromWireName(String wireName) {
        return WireNamed.fromWireName(BanKind.class, wireName);
    }
}
