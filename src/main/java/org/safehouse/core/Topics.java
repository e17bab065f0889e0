package org.safehouse.core;

/** Broker topic names. Room and nickname parts are {@link org.safehouse.protocol.Names#key keys}. */
final class Topics {
    private Topics() {
    }

    /** Chat frames of a room, for every member. */
    static String room(String roomKey) {
        return "room/" + roomKey;
    }

    /** Coalesced Presence deltas, for modern members. */
    static String presence(String roomKey) {
        return "presence/" + roomKey;
    }

    /** Coalesced OnlineUsers lists, for Ragnarok members. */
    static String onlineUsers(String roomKey) {
        return "online/" + roomKey;
    }

    /** Private messages to one member of a room. */
    static String member(String roomKey, String nickKey) {
        return "member/" + roomKey + "/" + nickKey;
    }

    /** Private messages to one device of a person in a room: {@code TgtDevice}, by the device key's fingerprint. */
    static String device(String roomKey, String nickKey, String fingerprint) {
        return member(roomKey, nickKey) + "/" + fingerprint;
    }
}
