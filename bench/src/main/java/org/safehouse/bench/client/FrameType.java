package org.safehouse.bench.client;

/** The server frame types of docs/PROTOCOL.md that the generator tells apart. */
public enum FrameType {
    HELLO, JOINED, LEFT, BROADCAST, PRIVATE_MESSAGE, PRESENCE, ONLINE_USERS, ROOMS, PONG, ERROR, OTHER
}
