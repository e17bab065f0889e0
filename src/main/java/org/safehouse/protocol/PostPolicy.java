package org.safehouse.protocol;

import java.util.Optional;

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

    /** @return the policy with this wire name, or empty when there is none */
    public static Optional<PostPolicy> fromWireName(String wireName) {
        return WireNamed.fromWireName(PostPolicy.class, wireName);
    }
}
