package org.safehouse.core;

/**
 * One connection's presence in one room. Immutable (the room it points to is guarded by its own monitor).
 *
 * @param nick        the display name, NFC-normalized
 * @param nickKey     the case-folded key names collide on
 * @param session     the connection
 * @param room        the room
 * @param directTopic the topic of private messages to this member
 */
record Member(String nick, String nickKey, ChatSession session, Room room, String directTopic) {
}
