package org.safehouse.config;

/**
 * Every limit the server enforces, with its default stated once, here. Each is a key of the {@code limits} object in
 * config.json (snake_case of the component name); config.json.example lists them. The memory budgets default to a
 * share of the JVM's max heap ({@link #heapShare}), so that a small heap gets small budgets and nothing a client can
 * grow outlives the heap.
 */
public record Limits(
        int maxTextChars,
        int maxFrameBytes,
        double messagesPerSecond,
        int messageBurst,
        int joinTimeoutSeconds,
        int maxUnjoinedPerAddress,
        long outboundQueueBytes,
        int outboundQueueFrames,
        int sendTimeoutSeconds,
        int pingIntervalSeconds,
        int maxRoomsPerConnection,
        int maxRooms,
        int presenceIntervalMs,
        int wrongPasswordBurstPerAddress,
        int wrongPasswordsPerMinutePerAddress,
        int wrongPasswordBurstPerRoom,
        int wrongPasswordsPerMinutePerRoom,
        int maxConcurrentPasswordChecks,
        int passwordCheckQueuePerAddress,
        int passwordCheckQueueTotal,
        int passwordCheckWaitSeconds,
        int historyMessages,
        int historyMaxAgeSeconds,
        long historyBytesTotal,
        long historyBytesPerRoom,
        long privateMessageBytesTotal,
        int maxConnectionsPerAddressGroup,
        int maxJoinedRoomsPerAddressGroup,
        int roomsCreatedPerMinutePerAddressGroup,
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
