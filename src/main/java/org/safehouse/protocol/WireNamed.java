package org.safehouse.protocol;

import java.util.Optional;

/** An enum whose constants have a stable name on the wire (and in stored JSON); the name never changes once released. */
public interface WireNamed {
    String wireName();

    /** The constant of {@code type} with this wire name, or empty. */
    static <E extends Enum<E> & WireNamed> Optional<E> fromWireName(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equals(name)) {
                return Optional.of(constant);
            }
        }
        return Optional.empty();
    }
}
