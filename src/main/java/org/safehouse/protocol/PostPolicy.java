package org.safehouse.protocol;

import java.util.Optional;

/** Who may post Broadcasts in a room: everyone, or only its owner and moderators (an announcement room). */
public enum PostPolicy {
    EVERYONE("everyone"),
    MODERATORS("moderators");

    private final String wireName;

    PostPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** @return the policy with this wire name, or empty when there is none */
    public static Optional<PostPolicy> fromWireName(String wireName) {
        for (PostPolicy policy : values()) {
            if (policy.wireName.equals(wireName)) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
