package org.safehouse.protocol;

/** Close codes the server uses when it ends a connection; see docs/PROTOCOL.md. */
public enum CloseCode {
    NORMAL(1000, "bye"),
    GOING_AWAY(1001, "server shutting down"),
    ORIGIN_REFUSED(1008, "origin not allowed"),
    FRAME_TOO_BIG(1009, "frame too big"),
    INTERNAL_ERROR(1011, "internal error"),
    JOIN_TIMEOUT(4001, "join timeout"),
    TOO_SLOW(4002, "too slow to keep up"),
    TOO_MANY_UNJOINED(4003, "too many unjoined connections from this address"),
    /** The same code as {@link #TOO_MANY_UNJOINED}: this address group holds as many connections as it may. */
    TOO_MANY_CONNECTIONS(4003, "too many connections from this address"),
    HEARTBEAT_TIMEOUT(4004, "heartbeat timeout"),
    LEGACY_AUTH_FAILED(4005, "wrong password"),
    LEGACY_NAME_REFUSED(4006, "nickname refused"),
    /** A Ragnarok connection kicked or banned from its room, or whose room was deleted or wiped. */
    REMOVED(4007, "removed from the room"),
    /** The connection's address group is banned from the whole server (at open, and for live connections). */
    ADDRESS_BANNED(4008, "banned from this server"),
    /**
     * Cluster mode: this node lost its Redis (or has not caught up with it yet), so it cannot keep the rooms in step
     * with the other nodes; the client should connect again, through the load balancer, to another node.
     */
    CLUSTER_LOST(4011, "node lost its cluster; reconnect elsewhere");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** A short reason phrase, well under the 123-byte limit of a close frame. */
    public String reason() {
        return reason;
    }
}
