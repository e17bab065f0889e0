package org.safehouse.config;

/**
 * Every limit the server enforces, with its default stated once, here. Each is a key of the {@code limits} object in
 * config.json (snake_case of the component name); config.json.example lists them.
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
        int historyMaxAgeSeconds) {

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
            0);          // history_max_age_seconds (0 = no age limit)
}
