package org.safehouse.protocol;

/** Stable error codes of the {@code Error} frame. The wire value never changes once released; see docs/PROTOCOL.md. */
public enum ErrorCode {
    BAD_JSON("bad_json"),
    UNKNOWN_TYPE("unknown_type"),
    BAD_FIELD("bad_field"),
    TEXT_TOO_LONG("text_too_long"),
    BAD_TEXT("bad_text"),
    BAD_NICKNAME("bad_nickname"),
    BAD_ROOM_NAME("bad_room_name"),
    UNKNOWN_RECIPIENT("unknown_recipient"),
    NOT_IN_ROOM("not_in_room"),
    NO_SUCH_ROOM("no_such_room"),
    ALREADY_JOINED("already_joined"),
    TOO_MANY_ROOMS("too_many_rooms"),
    RATE_LIMITED("rate_limited"),
    NAME_TAKEN("name_taken"),
    WRONG_PASSWORD("wrong_password"),
    THROTTLED("throttled"),
    SERVER_BUSY("server_busy"),
    ROOM_FULL("room_full"),
    INCOMPATIBLE_VERSION("incompatible_version"),
    BAD_KEYS("bad_keys"),
    KEYS_REQUIRED("keys_required"),
    BAD_SIGNATURE("bad_signature"),
    ENCRYPTION_REQUIRED("encryption_required"),
    SERVER_FULL("server_full"),
    MAILBOX_FULL("mailbox_full"),
    NOT_ALLOWED("not_allowed"),
    UNKNOWN_MEMBER("unknown_member"),
    BANNED("banned"),
    MUTED("muted"),
    MODERATORS_ONLY("moderators_only"),
    CONFIRM_MISMATCH("confirm_mismatch"),
    /** Cluster mode: this node lost its Redis; the join is refused and the connection closed with 4011. */
    CLUSTER_UNAVAILABLE("cluster_unavailable"),

    NO_PASSWORD_EXPECTED("no_password_expected"),
    /**
     * A Join's {@code sealed} does not match the room: a sealed room joined by a client that does not know it is
     * sealed (a Ragnarok one is closed with 4005 next), or a sealed Join of a room that is not sealed.
     */
    SEALED_ROOM("sealed_room"),
    /** An invite token that is unknown, expired, used up or revoked (counted as a wrong password). */
    INVITE_INVALID("invite_invalid");

    private final String wireName;

    ErrorCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
