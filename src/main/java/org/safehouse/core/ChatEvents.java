package org.safehouse.core;

/**
 * What happens in the rooms, for an application that embeds Safehouse ({@code org.safehouse.embed}): a port the core
 * calls once at each join, leave and accepted room message of this node, and that nothing in the core reads back.
 * {@link #NONE} unless {@link ChatServer#observe} set another.
 *
 * <ol>
 *   <li>Every method MUST be thread-safe, MUST NOT block and MUST NOT call back into the core: the core calls them
 *       from container threads, password workers and the tick thread, while holding a session's and a room's
 *       monitor (so a room's events come in the room's order). An implementation that runs user code hands the event
 *       to a thread of its own.</li>
 *   <li>Methods MUST NOT throw.</li>
 *   <li>{@link #joined} comes once a member is in the room (after its greeting), {@link #left} once it is out (it left,
 *       closed, or was kicked, banned, deleted or wiped out), and {@link #message} once a Broadcast has its id and was
 *       published to the room's members (before a durable store acknowledged it). Private messages are never
 *       reported: they are the two members' business (and mostly ciphertext); nor are a sealed room's messages,
 *       which have no text the server could give.</li>
 *   <li>Names are display names as members see them; {@code room} is the room's display name.</li>
 * </ol>
 */
public interface ChatEvents {
    /** Reports nothing. */
    ChatEvents NONE = new ChatEvents() {
    };

    /** {@code nick} entered {@code room}. */
    default void joined(String room, String nick) {
    }

    /** {@code nick} is no longer in {@code room}. */
    default void left(String room, String nick) {
    }

    /** {@code nick} said {@code text} in {@code room}; {@code id} is the message's id in the room's history. */
    default void message(String room, String nick, String text, long id) {
    }
}
