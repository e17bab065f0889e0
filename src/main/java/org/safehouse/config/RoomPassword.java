package org.safehouse.config;

/** A room's password: explicitly none, or an Argon2id hash. Never a clear text and never the empty string. */
public sealed interface RoomPassword {

    /** Anyone may join; for Ragnarok clients, any password frame is accepted. */
    record None() implements RoomPassword {
    }

    /** @param phc an Argon2id hash in PHC format */
    record Hashed(String phc) implements RoomPassword {
        @Override
        public String toString() {
            return "Hashed[<hidden>]";
        }
    }

    RoomPassword NONE = new None();

    /** The longest password a join may present: longer ones are refused unhashed, which bounds the check queue. */
    int MAX_CLEAR_CHARS = 1024;

    default boolean required() {
        return this instanceof Hashed;
    }
}
