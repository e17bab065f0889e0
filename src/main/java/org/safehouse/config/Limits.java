package org.safehouse.config;

/**
 * Every limit the server enforces: the table of the {@code limits} object of config.json. Each component is a key
 * (snake_case of its name; the {@link MailboxLimits} ones prefixed {@code mailbox_}), its check is the annotation on
 * it, its default its value in {@link #DEFAULTS}; {@link LimitsSection} reads them from these three places, and
 * config.json.example and docs/config.schema.json state the same (ConfigSchemaTest). One rule spans two keys:
 * {@code history_bytes_per_room} is at most {@code history_bytes_total}, and {@code outbound_queue_bytes} holds two
 * messages of {@code max_text_chars}. The memory budgets default to a
 * share of the JVM's max heap ({@link #heapShare}), so that a small heap gets small budgets and nothing a client can
 * grow outlives the heap.
 */
public record Limits(
        @WholeNumber(min = 1, max = 1_000_000) int maxTextChars,
        @WholeNumber(min = 1024, max = 16 * 1024 * 1024) int maxFrameBytes,
        @DecimalNumber(min = 0.01, max = 1_000_000) double messagesPerSecond,
        @WholeNumber(min = 1, max = 1_000_000) int messageBurst,
        @WholeNumber(min = 1, max = 3600) int joinTimeoutSeconds,
        @WholeNumber(min = 1, max = 1_000_000) int maxUnjoinedPerAddress,
        @WholeNumber(min = 4096, max = Integer.MAX_VALUE) long outboundQueueBytes,
        @WholeNumber(min = 16, max = 10_000_000) int outboundQueueFrames,
        @WholeNumber(min = 0, max = 1000) int outboundGapMs,
        @WholeNumber(min = 1, max = 3600) int sendTimeoutSeconds,
        @WholeNumber(min = 1, max = 3600) int pingIntervalSeconds,
        @WholeNumber(min = 1, max = 10_000) int maxRoomsPerConnection,
        @WholeNumber(min = 1, max = 10_000_000) int maxRooms,
        @WholeNumber(min = 10, max = 60_000) int presenceIntervalMs,
        @WholeNumber(min = 1, max = 10_000) int wrongPasswordBurstPerAddress,
        @WholeNumber(min = 1, max = 10_000) int wrongPasswordsPerMinutePerAddress,
        @WholeNumber(min = 1, max = 100_000) int wrongPasswordBurstPerRoom,
        @WholeNumber(min = 1, max = 100_000) int wrongPasswordsPerMinutePerRoom,
        @WholeNumber(min = 1, max = 256) int maxConcurrentPasswordChecks,
        @WholeNumber(min = 1, max = 100_000) int passwordCheckQueuePerAddress,
        @WholeNumber(min = 1, max = 1_000_000) int passwordCheckQueueTotal,
        @WholeNumber(min = 1, max = 3600) int passwordCheckWaitSeconds,
        @WholeNumber(min = 0, max = 1_000_000) int historyMessages,
        @WholeNumber(min = 0, max = 10 * 365 * 86_400) int historyMaxAgeSeconds,
        @WholeNumber(min = 64 * 1024, max = Long.MAX_VALUE / 4) long historyBytesTotal,
        @WholeNumber(min = 64 * 1024, max = Long.MAX_VALUE / 4) long historyBytesPerRoom,
        @WholeNumber(min = 64 * 1024, max = Long.MAX_VALUE / 4) long privateMessageBytesTotal,
        @WholeNumber(min = 1, max = 10_000_000) int maxConnectionsPerAddressGroup,
        @WholeNumber(min = 1, max = 100_000_000) int maxJoinedRoomsPerAddressGroup,
        @WholeNumber(min = 1, max = 1_000_000) int roomsCreatedPerMinutePerAddressGroup,
        @WholeNumber(min = 1, max = 100_000) int maxBansPerRoom,
        @WholeNumber(min = 1, max = 10_000_000) int maxBansTotal,
        @WholeNumber(min = 1, max = 10_000) int maxInvitesPerRoom,
        @WholeNumber(min = 1, max = 10_000) int maxInvitesPerInviter,
        MailboxLimits mailbox) {

    /** Share of the max heap the stored room history may take in total, by default. */
    public static final int HISTORY_HEAP_PERCENT = 25;
    /** Share of the max heap one room's history may take, by default. */
    public static final int ROOM_HISTORY_HEAP_PERCENT = 2;
    /** Share of the max heap the private messages kept by all rooms may take, by default. */
    public static final int PRIVATE_MESSAGES_HEAP_PERCENT = 5;

    public static final Limits DEFAULTS = new Limits(
            4096,        // max_text_chars
            64 * 1024,   // max_frame_bytes
            10.0,        // messages_per_second
            20,          // message_burst
            10,          // join_timeout_seconds
            16,          // max_unjoined_per_address
            1024 * 1024, // outbound_queue_bytes
            4096,        // outbound_queue_frames
            5,           // outbound_gap_ms (least time between two writes to one connection; 0 = none)
            30,          // send_timeout_seconds
            30,          // ping_interval_seconds
            16,          // max_rooms_per_connection
            10_000,      // max_rooms
            250,         // presence_interval_ms
            5,           // wrong_password_burst_per_address
            10,          // wrong_passwords_per_minute_per_address
            20,          // wrong_password_burst_per_room
            30,          // wrong_passwords_per_minute_per_room
            2,           // max_concurrent_password_checks
            64,          // password_check_queue_per_address (distinct checks waiting per address group)
            4096,        // password_check_queue_total (all groups; a memory bound, see config.json.example)
            60,          // password_check_wait_seconds (longest wait in the queue; extends the join timeout)
            1000,        // history_messages
            0,           // history_max_age_seconds (0 = no age limit)
            heapShare(HISTORY_HEAP_PERCENT),          // history_bytes_total (derived: 25% of max heap)
            heapShare(ROOM_HISTORY_HEAP_PERCENT),     // history_bytes_per_room (derived: 2% of max heap)
            heapShare(PRIVATE_MESSAGES_HEAP_PERCENT), // private_message_bytes_total (derived: 5% of max heap)
            100,         // max_connections_per_address_group (20 people behind one NAT, 5 tabs or devices each)
            500,         // max_joined_rooms_per_address_group (those 100 connections in 5 rooms each)
            20,          // rooms_created_per_minute_per_address_group (a burst of 20, refilled over a minute)
            500,         // max_bans_per_room (also the most mutes a room keeps)
            10_000,      // max_bans_total (bans of all rooms together)
            100,         // max_invites_per_room (live invites of one sealed room)
            10,          // max_invites_per_inviter (live invites one member's key made in one room)
            MailboxLimits.DEFAULTS); // mailbox_* (see MailboxLimits)

    /** {@code percent} of the JVM's max heap ({@link Runtime#maxMemory()}; 1 GiB when the JVM states no maximum). */
    public static long heapShare(int percent) {
        long max = Runtime.getRuntime().maxMemory();
        if (max == Long.MAX_VALUE) {
            max = 1L << 30;
        }
        return Math.max(1L << 20, max / 100 * percent);
    }
}
