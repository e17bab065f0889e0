package org.safehouse.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration, immutable and validated. Ragnarok's keys keep their meaning: {@code server_name} is the
 * default room's title and the server's name, {@code server_password} the default room's password.
 *
 * @param serverName        Ragnarok's {@code server_name}
 * @param host              Ragnarok's {@code server_ip}: the address {@code java -jar} listens on
 * @param port              Ragnarok's {@code server_port}
 * @param tls               Ragnarok's {@code SSL}, {@code SSL_Cert}, {@code SSL_Key}
 * @param defaultRoom       the room Ragnarok clients land in (always present in {@code rooms})
 * @param rooms             rooms from config, the default room first
 * @param allowRoomCreation whether joining an unknown room creates it
 * @param allowedOrigins    browser origins allowed besides the page's own (exact {@code scheme://host[:port]})
 * @param nodeId            this node's id in message ids (0..1023)
 * @param limits            every limit
 * @param history           where room history is kept
 * @param trustedProxies    peers whose forwarded headers name the client ({@code trusted_proxies}; none by default)
 * @param publicUrl         the address people reach the chat at ({@code public_url}), behind a proxy
 * @param monitoring        who may read /metrics, and the log format
 * @param admin             the operator's {@code admin_token} for the /admin/ API (absent: the API is off)
 * @param cluster           cluster mode's Redis ({@code cluster}); absent: one node, as always
 */
public record SafehouseConfig(
        String serverName,
        String host,
        int port,
        TlsConfig tls,
        String defaultRoom,
        List<RoomConfig> rooms,
        boolean allowRoomCreation,
        List<String> allowedOrigins,
        int nodeId,
        Limits limits,
        HistoryConfig history,
        TrustedProxies trustedProxies,
        Optional<PublicUrl> publicUrl,
        MonitoringConfig monitoring,
        AdminConfig admin,
        Optional<ClusterConfig> cluster) {

    public SafehouseConfig {
        rooms = List.copyOf(rooms);
        allowedOrigins = List.copyOf(allowedOrigins);
        Objects.requireNonNull(trustedProxies, "trustedProxies");
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(monitoring, "monitoring");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(cluster, "cluster");
    }

    /** One node (no {@code cluster} section). */
    public SafehouseConfig(String serverName, String host, int port, TlsConfig tls, String defaultRoom,
                           List<RoomConfig> rooms, boolean allowRoomCreation, List<String> allowedOrigins, int nodeId,
                           Limits limits, HistoryConfig history, TrustedProxies trustedProxies,
                           Optional<PublicUrl> publicUrl, MonitoringConfig monitoring, AdminConfig admin) {
        this(serverName, host, port, tls, defaultRoom, rooms, allowRoomCreation, allowedOrigins, nodeId, limits,
                history, trustedProxies, publicUrl, monitoring, admin, Optional.empty());
    }

    /** Without a reverse proxy (no trusted proxies, no public URL), default monitoring settings, no admin API. */
    public SafehouseConfig(String serverName, String host, int port, TlsConfig tls, String defaultRoom,
                           List<RoomConfig> rooms, boolean allowRoomCreation, List<String> allowedOrigins, int nodeId,
                           Limits limits, HistoryConfig history) {
        this(serverName, host, port, tls, defaultRoom, rooms, allowRoomCreation, allowedOrigins, nodeId, limits,
                history, TrustedProxies.NONE, Optional.empty(),
                MonitoringConfig.DEFAULTS, AdminConfig.NONE);
    }
}
