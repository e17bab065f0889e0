package org.safehouse.config;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * The top-level keys of config.json that are no section of their own (Ragnarok's {@code server_*} keys and the
 * server-wide switches) as written, with their checks; absent keys take their value in {@link #DEFAULTS}. Bound with
 * JSON-B by {@link SectionBinder}; {@link ConfigLoader} applies the rules that span them and the rooms.
 */
public record ServerKeys(
        @JsonbProperty("server_name") @TextLength(min = 1, max = 64) String serverName,
        @JsonbProperty("server_ip") @TextLength(min = 1, max = 255) String host,
        @JsonbProperty("server_port") @WholeNumber(min = 0, max = 65535) Integer port,
        @JsonbProperty("server_password") String serverPassword,
        @JsonbProperty("default_room") @TextLength(min = 1, max = 256) String defaultRoom,
        @JsonbProperty("allow_room_creation") Boolean allowRoomCreation,
        @JsonbProperty("allowed_origins") List<String> allowedOrigins,
        @JsonbProperty("node_id") @WholeNumber(min = 0, max = 1023) Integer nodeId) {

    public static final ServerKeys DEFAULTS = new ServerKeys(ConfigLoader.DEFAULT_SERVER_NAME,
            ConfigLoader.DEFAULT_HOST, ConfigLoader.DEFAULT_PORT, null, ConfigLoader.DEFAULT_ROOM, true, List.of(), 0);
}
