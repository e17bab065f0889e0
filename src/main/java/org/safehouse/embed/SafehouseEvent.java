package org.safehouse.embed;

/**
 * What an embedding application observes through {@link Safehouse#onEvent}: a member came, went, or said something
 * in a room. Names are display names; {@code room} is the room's display name. Private messages are never reported.
 */
public sealed interface SafehouseEvent {
    /** The room the event happened in. */
    String room();

    /** The member it is about. */
    String nick();

    /** {@code nick} entered {@code room}. */
    record Joined(String room, String nick) implements SafehouseEvent {
    }

    /** {@code nick} is no longer in {@code room}: it left, closed, or was kicked, banned or wiped out. */
    record Left(String room, String nick) implements SafehouseEvent {
    }

    /** {@code nick} said {@code text} in {@code room}; {@code id} is the message's id in the room's history. */
    record Message(String room, String nick, String text, long id) implements SafehouseEvent {
    }
}
