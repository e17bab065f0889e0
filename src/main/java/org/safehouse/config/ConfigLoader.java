package org.safehouse.config;

import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.Names;

/**
 * Reads config.json into a {@link SafehouseConfig}. Every key is optional; a missing key takes its default. An unknown
 * key, a wrong type or an out-of-range value stops loading with a message naming the key and the problem. Keys
 * starting with an underscore are comments and ignored, and so is a top-level {@code "$schema"} (the JSON Schema
 * editors check the file against, docs/config.schema.json).
 */
public final class ConfigLoader {
    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());
    public static final String DEFAULT_SERVER_NAME = "Safehouse";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_ROOM = "lobby";
    private static final Set<String> TOP_KEYS = Set.of("SSL", "SSL_Cert", "SSL_Key", "server_ip", "server_port",
            "server_name", "server_password", "default_room", "rooms", "allow_room_creation", "allowed_origins",
            "node_id", "limits", "SSL_Keystore", "SSL_Keystore_Password", "data_dir", "http_redirect", "http_port",
            "history_storage", "history_file", "trusted_proxies", "public_url",
            "metrics_allow", "metrics_token", "log_format", "certificate_reload_seconds");
    /** Names the file's JSON Schema for editors; read by none of our code. */
    static final String SCHEMA_KEY = "$schema";
    private static final Set<String> ROOM_KEYS = Set.of("name", "title", "password", "password_hash", "max_members",
            "require_encryption");

    private final Argon2PasswordHasher hasher;

    public ConfigLoader(Argon2PasswordHasher hasher) {
        this.hasher = hasher;
    }

    /** The configuration with no file at all: localhost:8080 and a public default room. */
    public SafehouseConfig defaults() {
        try {
            return parse(JsonValue.EMPTY_JSON_OBJECT, "defaults", Path.of("."));
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in defaults are invalid", e);
        }
    }

    public SafehouseConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config file (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Reads config from JSON text.
     *
     * @param source names the text in error messages (the file name)
     * @param base   the directory relative file names in the config are resolved against
     */
    public SafehouseConfig parse(String json, String source, Path base) throws ConfigException {
        return parse(readObject(new StringReader(json), source), source, base);
    }

    private static JsonObject readObject(Reader reader, String source) throws ConfigException {
        try (JsonReader json = JsonProvider.provider().createReader(reader)) {
            JsonValue value = json.readValue();
            if (value instanceof JsonObject object) {
                return object;
            }
            throw new ConfigException(source + ": the config must be one JSON object");
        } catch (JsonException e) {
            throw new ConfigException(source + ": not valid JSON: " + e.getMessage());
        }
    }

    private SafehouseConfig parse(JsonObject root, String source, Path base) throws ConfigException {
        Fields top = new Fields(root, source, "", TOP_KEYS);
        String serverName = top.string("server_name", DEFAULT_SERVER_NAME, 1, 64);
        String host = top.string("server_ip", DEFAULT_HOST, 1, 255);
        int port = top.integer("server_port", DEFAULT_PORT, 0, 65535);
        TlsConfig tls = tls(top, base, port);
        String defaultRoom = checkedRoomName(top, "default_room", top.string("default_room", DEFAULT_ROOM, 1, 256));
        RoomPassword serverPassword = password(top, "server_password", top.optionalString("server_password"), false);

        List<RoomConfig> rooms = new ArrayList<>();
        Set<String> roomKeys = new HashSet<>();
        JsonValue roomsValue = root.get("rooms");
        if (roomsValue != null && roomsValue.getValueType() != JsonValue.ValueType.NULL) {
            if (roomsValue.getValueType() != JsonValue.ValueType.ARRAY) {
                throw top.problem("rooms", "must be an array of room objects");
            }
            int index = 0;
            for (JsonValue entry : roomsValue.asJsonArray()) {
                String path = "rooms[" + index++ + "]";
                if (!(entry instanceof JsonObject object)) {
                    throw new ConfigException(source + ": " + path + ": must be an object");
                }
                RoomConfig room = room(new Fields(object, source, path + ".", ROOM_KEYS));
                if (!roomKeys.add(Names.key(room.name()))) {
                    throw new ConfigException(source + ": " + path + ".name: room \"" + room.name()
                            + "\" is declared twice");
                }
                rooms.add(room);
            }
        }
        rooms = withDefaultRoom(top, rooms, defaultRoom, serverName, serverPassword);

        List<String> origins = new ArrayList<>();
        for (String origin : top.stringList("allowed_origins")) {
            origins.add(checkedOrigin(top, origin));
        }
        return new SafehouseConfig(serverName, host, port, tls, defaultRoom, rooms,
                top.bool("allow_room_creation", true), origins, top.integer("node_id", 0, 0, 1023),
                limits(top.object("limits", Set.of(LimitKeys.ALL))), history(top, tls), trustedProxies(top),
                publicUrl(top), monitoring(top));
    }

    /** {@code trusted_proxies}: CIDR blocks or single addresses, IPv4 or IPv6; never host names. */
    private static TrustedProxies trustedProxies(Fields top) throws ConfigException {
        List<AddressRange> ranges = new ArrayList<>();
        for (String entry : top.stringList("trusted_proxies")) {
            try {
                ranges.add(AddressRange.parse(entry));
            } catch (IllegalArgumentException e) {
                throw top.problem("trusted_proxies", e.getMessage());
            }
        }
        if (ranges.size() > 1024) {
            throw top.problem("trusted_proxies", "at most 1024 entries (use CIDR blocks)");
        }
        return new TrustedProxies(ranges);
    }

    private static Optional<PublicUrl> publicUrl(Fields top) throws ConfigException {
        Optional<String> text = top.optionalString("public_url").filter(s -> !s.isBlank());
        try {
            return text.map(PublicUrl::parse);
        } catch (IllegalArgumentException e) {
            throw top.problem("public_url", e.getMessage());
        }
    }

    private static TlsConfig tls(Fields top, Path base, int serverPort) throws ConfigException {
        boolean ssl = top.bool("SSL", false);
        Optional<Path> cert = top.optionalString("SSL_Cert").filter(s -> !s.isBlank()).map(base::resolve);
        Optional<Path> key = top.optionalString("SSL_Key").filter(s -> !s.isBlank()).map(base::resolve);
        if (cert.isPresent() != key.isPresent()) {
            throw top.problem(cert.isPresent() ? "SSL_Key" : "SSL_Cert",
                    "SSL_Cert and SSL_Key go together: set both, or neither to have a certificate generated");
        }
        Optional<Path> keyStore = top.optionalString("SSL_Keystore").filter(s -> !s.isBlank()).map(base::resolve);
        Optional<String> keyStorePassword = top.optionalString("SSL_Keystore_Password");
        if (keyStore.isPresent() && cert.isPresent()) {
            throw top.problem("SSL_Keystore", "set SSL_Cert and SSL_Key (PEM files) or SSL_Keystore (PKCS12), not both");
        }
        if (keyStore.isPresent() && keyStorePassword.isEmpty()) {
            throw top.problem("SSL_Keystore_Password",
                    "is required with SSL_Keystore: the password of the keystore and of its key entry");
        }
        if (keyStore.isEmpty() && keyStorePassword.isPresent()) {
            throw top.problem("SSL_Keystore_Password", "is only used together with SSL_Keystore");
        }
        Path dataDirectory = base.resolve(top.string("data_dir", TlsConfig.DEFAULT_DATA_DIRECTORY, 1, 4096))
                .toAbsolutePath().normalize();
        boolean httpRedirect = top.bool("http_redirect", false);
        int httpPort = top.integer("http_port", 0, 0, 65535);
        if (httpRedirect && !ssl) {
            throw top.problem("http_redirect", "needs SSL true: it redirects plain HTTP to HTTPS");
        }
        if (httpRedirect && httpPort == 0) {
            throw top.problem("http_port", "must be set (1 to 65535, e.g. 80) when http_redirect is true");
        }
        if (!httpRedirect && httpPort != 0) {
            throw top.problem("http_port", "is only used with http_redirect true (plain HTTP is off when SSL is on, "
                    + "and server_port is the plain HTTP port when SSL is off)");
        }
        if (httpPort != 0 && httpPort == serverPort) {
            throw top.problem("http_port", "must differ from server_port, the HTTPS port");
        }
        int reloadSeconds = top.integer("certificate_reload_seconds", TlsConfig.DEFAULT_RELOAD_SECONDS, 0, 86_400);
        return new TlsConfig(ssl, cert, key, keyStore, keyStorePassword, dataDirectory, httpRedirect, httpPort,
                reloadSeconds);
    }

    /** {@code metrics_allow} (CIDR blocks), {@code metrics_token} (long enough to resist guessing), {@code log_format}. */
    private static MonitoringConfig monitoring(Fields top) throws ConfigException {
        List<AddressRange> allow = new ArrayList<>();
        for (String block : top.stringList("metrics_allow")) {
            try {
                allow.add(AddressRange.parse(block));
            } catch (IllegalArgumentException e) {
                throw top.problem("metrics_allow", e.getMessage());
            }
        }
        Optional<String> token = top.optionalString("metrics_token").filter(t -> !t.isEmpty());
        if (token.isPresent() && (token.get().length() < MonitoringConfig.MIN_TOKEN_LENGTH
                || token.get().length() > 4096 || !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw top.problem("metrics_token", "must be " + MonitoringConfig.MIN_TOKEN_LENGTH + " to 4096 printable "
                    + "ASCII characters without spaces, e.g. from: openssl rand -hex 32");
        }
        MonitoringConfig.LogFormat format = switch (top.string("log_format", "text", 1, 16)) {
            case "text" -> MonitoringConfig.LogFormat.TEXT;
            case "json" -> MonitoringConfig.LogFormat.JSON;
            default -> throw top.problem("log_format", "must be \"text\" or \"json\"");
        };
        return new MonitoringConfig(allow, token, format);
    }

    /** {@code history_storage}: "memory" (default) or "sqlite"; {@code history_file} relative to data_dir. */
    private static HistoryConfig history(Fields top, TlsConfig tls) throws ConfigException {
        String storage = top.string("history_storage", "memory", 1, 16);
        Optional<String> file = top.optionalString("history_file");
        switch (storage) {
            case "memory":
                if (file.isPresent()) {
                    throw top.problem("history_file", "is only used with history_storage \"sqlite\"");
                }
                return HistoryConfig.MEMORY;
            case "sqlite":
                return new HistoryConfig(Optional.of(tls.dataDirectory()
                        .resolve(file.orElse(HistoryConfig.DEFAULT_FILE)).toAbsolutePath().normalize()));
            default:
                throw top.problem("history_storage", "must be \"memory\" or \"sqlite\"");
        }
    }

    private List<RoomConfig> withDefaultRoom(Fields top, List<RoomConfig> rooms, String defaultRoom, String serverName,
                                             RoomPassword serverPassword) throws ConfigException {
        List<RoomConfig> ordered = new ArrayList<>();
        RoomConfig declared = null;
        for (RoomConfig room : rooms) {
            if (Names.key(room.name()).equals(Names.key(defaultRoom))) {
                declared = room;
            } else {
                ordered.add(room);
            }
        }
        if (declared == null) {
            ordered.add(0, new RoomConfig(defaultRoom, serverName, serverPassword, OptionalInt.empty(), false));
        } else {
            if (serverPassword.required() && declared.password().required()) {
                throw top.problem("server_password", "the default room \"" + defaultRoom
                        + "\" also has a password in rooms[]: set it in one place");
            }
            RoomPassword password = declared.password().required() ? declared.password() : serverPassword;
            ordered.add(0, new RoomConfig(declared.name(), declared.title(), password, declared.maxMembers(),
                    declared.requireEncryption()));
        }
        return ordered;
    }

    private RoomConfig room(Fields room) throws ConfigException {
        String name = checkedRoomName(room, "name", room.requiredString("name"));
        String title = room.string("title", name, 1, 128);
        Optional<String> clear = room.optionalString("password");
        Optional<String> hash = room.optionalString("password_hash");
        if (clear.isPresent() && hash.isPresent()) {
            throw room.problem("password", "set password or password_hash, not both");
        }
        RoomPassword password = hash.isPresent()
                ? password(room, "password_hash", hash, true)
                : password(room, "password", clear, false);
        int max = room.integer("max_members", 0, 0, 10_000_000);
        return new RoomConfig(name, title, password, max == 0 ? OptionalInt.empty() : OptionalInt.of(max),
                room.bool("require_encryption", false));
    }

    /** Empty string or absent means no password, as in Ragnarok; a PHC string is taken as a hash. */
    private RoomPassword password(Fields fields, String key, Optional<String> value, boolean mustBeHash)
            throws ConfigException {
        if (value.isEmpty() || (!mustBeHash && value.get().isEmpty())) {
            return RoomPassword.NONE;
        }
        String text = value.get();
        if (mustBeHash || Argon2PasswordHasher.isHash(text)) {
            String weakness = Argon2PasswordHasher.weaknessOf(text);
            if (weakness != null) {
                throw fields.problem(key, weakness);
            }
            return new RoomPassword.Hashed(text);
        }
        if (text.length() > RoomPassword.MAX_CLEAR_CHARS) {
            throw fields.problem(key, "is longer than " + RoomPassword.MAX_CLEAR_CHARS
                    + " characters, which no join may present");
        }
        LOG.log(System.Logger.Level.INFO, fields.where(key) + ": clear text, hashed with Argon2id at load (a "
                + "password_hash from --hash-password spares this)");
        return new RoomPassword.Hashed(hasher.hash(text));
    }

    private static String checkedRoomName(Fields fields, String key, String raw) throws ConfigException {
        Names.Checked checked = Names.roomName(raw);
        if (!checked.ok()) {
            throw fields.problem(key, checked.problem());
        }
        return checked.value();
    }

    private static String checkedOrigin(Fields fields, String origin) throws ConfigException {
        if (origin.equals("*")) {
            throw fields.problem("allowed_origins", "a wildcard origin would let any web page use your server");
        }
        try {
            URI uri = new URI(origin);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
                throw fields.problem("allowed_origins", "\"" + origin + "\" is not an origin like https://chat.example.org");
            }
        } catch (java.net.URISyntaxException e) {
            throw fields.problem("allowed_origins", "\"" + origin + "\" is not an origin like https://chat.example.org");
        }
        return origin.toLowerCase(Locale.ROOT);
    }

    private static Limits limits(Fields f) throws ConfigException {
        Limits d = Limits.DEFAULTS;
        long historyTotal = f.wholeNumber(LimitKeys.HISTORY_BYTES_TOTAL, d.historyBytesTotal(), 64 * 1024,
                Long.MAX_VALUE / 4);
        Limits limits = new Limits(
                f.integer(LimitKeys.MAX_TEXT_CHARS, d.maxTextChars(), 1, 1_000_000),
                f.integer(LimitKeys.MAX_FRAME_BYTES, d.maxFrameBytes(), 1024, 16 * 1024 * 1024),
                f.number(LimitKeys.MESSAGES_PER_SECOND, d.messagesPerSecond(), 0.01, 1_000_000),
                f.integer(LimitKeys.MESSAGE_BURST, d.messageBurst(), 1, 1_000_000),
                f.integer(LimitKeys.JOIN_TIMEOUT_SECONDS, d.joinTimeoutSeconds(), 1, 3600),
                f.integer(LimitKeys.MAX_UNJOINED_PER_ADDRESS, d.maxUnjoinedPerAddress(), 1, 1_000_000),
                f.integer(LimitKeys.OUTBOUND_QUEUE_BYTES, (int) d.outboundQueueBytes(), 4096, Integer.MAX_VALUE),
                f.integer(LimitKeys.OUTBOUND_QUEUE_FRAMES, d.outboundQueueFrames(), 16, 10_000_000),
                f.integer(LimitKeys.SEND_TIMEOUT_SECONDS, d.sendTimeoutSeconds(), 1, 3600),
                f.integer(LimitKeys.PING_INTERVAL_SECONDS, d.pingIntervalSeconds(), 1, 3600),
                f.integer(LimitKeys.MAX_ROOMS_PER_CONNECTION, d.maxRoomsPerConnection(), 1, 10_000),
                f.integer(LimitKeys.MAX_ROOMS, d.maxRooms(), 1, 10_000_000),
                f.integer(LimitKeys.PRESENCE_INTERVAL_MS, d.presenceIntervalMs(), 10, 60_000),
                f.integer(LimitKeys.WRONG_PASSWORD_BURST_PER_ADDRESS, d.wrongPasswordBurstPerAddress(), 1, 10_000),
                f.integer(LimitKeys.WRONG_PASSWORDS_PER_MINUTE_PER_ADDRESS, d.wrongPasswordsPerMinutePerAddress(), 1,
                        10_000),
                f.integer(LimitKeys.WRONG_PASSWORD_BURST_PER_ROOM, d.wrongPasswordBurstPerRoom(), 1, 100_000),
                f.integer(LimitKeys.WRONG_PASSWORDS_PER_MINUTE_PER_ROOM, d.wrongPasswordsPerMinutePerRoom(), 1,
                        100_000),
                f.integer(LimitKeys.MAX_CONCURRENT_PASSWORD_CHECKS, d.maxConcurrentPasswordChecks(), 1, 256),
                f.integer(LimitKeys.PASSWORD_CHECK_QUEUE_PER_ADDRESS, d.passwordCheckQueuePerAddress(), 1, 100_000),
                f.integer(LimitKeys.PASSWORD_CHECK_QUEUE_TOTAL, d.passwordCheckQueueTotal(), 1, 1_000_000),
                f.integer(LimitKeys.PASSWORD_CHECK_WAIT_SECONDS, d.passwordCheckWaitSeconds(), 1, 3600),
                f.integer(LimitKeys.HISTORY_MESSAGES, d.historyMessages(), 0, 1_000_000),
                f.integer(LimitKeys.HISTORY_MAX_AGE_SECONDS, d.historyMaxAgeSeconds(), 0, 10 * 365 * 86_400),
                historyTotal,
                // One room never holds more than all rooms together.
                f.wholeNumber(LimitKeys.HISTORY_BYTES_PER_ROOM, Math.min(d.historyBytesPerRoom(), historyTotal),
                        64 * 1024, historyTotal),
                f.wholeNumber(LimitKeys.PRIVATE_MESSAGE_BYTES_TOTAL, d.privateMessageBytesTotal(), 64 * 1024,
                        Long.MAX_VALUE / 4),
                f.integer(LimitKeys.MAX_CONNECTIONS_PER_ADDRESS_GROUP, d.maxConnectionsPerAddressGroup(), 1,
                        10_000_000),
                f.integer(LimitKeys.MAX_JOINED_ROOMS_PER_ADDRESS_GROUP, d.maxJoinedRoomsPerAddressGroup(), 1,
                        100_000_000),
                f.integer(LimitKeys.ROOMS_CREATED_PER_MINUTE_PER_ADDRESS_GROUP,
                        d.roomsCreatedPerMinutePerAddressGroup(), 1, 1_000_000),
                mailboxLimits(f));
        // Every frame waits in the queue: the largest message must fit, twice (one being sent, one behind it).
        long largest = 2 * (limits.maxTextChars() * 4L + 2048);
        if (limits.outboundQueueBytes() < largest) {
            throw f.problem(LimitKeys.OUTBOUND_QUEUE_BYTES, "must be at least " + largest
                    + " so that two messages of max_text_chars characters fit (4 bytes a character, 2 KiB more each)");
        }
        return limits;
    }

    private static MailboxLimits mailboxLimits(Fields f) throws ConfigException {
        MailboxLimits d = MailboxLimits.DEFAULTS;
        return new MailboxLimits(
                f.integer(LimitKeys.MAILBOX_MESSAGES_PER_RECIPIENT, d.messagesPerRecipient(), 0, 1_000_000),
                f.integer(LimitKeys.MAILBOX_BYTES_PER_RECIPIENT, (int) d.bytesPerRecipient(), 0, Integer.MAX_VALUE),
                f.integer(LimitKeys.MAILBOX_MESSAGES_PER_SENDER, d.messagesPerSender(), 0, 1_000_000),
                f.integer(LimitKeys.MAILBOX_BYTES_PER_SENDER, (int) d.bytesPerSender(), 0, Integer.MAX_VALUE),
                f.integer(LimitKeys.MAILBOX_MESSAGES_PER_ROOM, d.messagesPerRoom(), 0, 1_000_000),
                f.integer(LimitKeys.MAILBOX_BYTES_PER_ROOM, (int) d.bytesPerRoom(), 0, Integer.MAX_VALUE),
                f.integer(LimitKeys.MAILBOX_MESSAGES_PER_ADDRESS_GROUP, d.messagesPerAddressGroup(), 0, 1_000_000),
                f.integer(LimitKeys.MAILBOX_BYTES_PER_ADDRESS_GROUP, (int) d.bytesPerAddressGroup(), 0,
                        Integer.MAX_VALUE));
    }

    /** Typed access to one JSON object of the config, with errors that name the key. */
    private static final class Fields {
        private final JsonObject object;
        private final String source;
        private final String prefix;

        Fields(JsonObject object, String source, String prefix, Set<String> known) throws ConfigException {
            this.object = object;
            this.source = source;
            this.prefix = prefix;
            for (String key : object.keySet()) {
                boolean schema = prefix.isEmpty() && key.equals(SCHEMA_KEY);
                if (!key.startsWith("_") && !schema && !known.contains(key)) {
                    throw problem(key, "unknown key (keys starting with _ are comments; see config.json.example)");
                }
            }
        }

        ConfigException problem(String key, String problem) {
            return new ConfigException(where(key) + ": " + problem);
        }

        String where(String key) {
            return source + ": " + prefix + key;
        }

        private JsonValue value(String key) {
            JsonValue value = object.get(key);
            return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null : value;
        }

        Optional<String> optionalString(String key) throws ConfigException {
            JsonValue value = value(key);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof JsonString string) {
                return Optional.of(string.getString());
            }
            throw problem(key, "must be a string");
        }

        String requiredString(String key) throws ConfigException {
            return optionalString(key).orElseThrow(() -> problem(key, "is required"));
        }

        String string(String key, String fallback, int minLength, int maxLength) throws ConfigException {
            String value = optionalString(key).orElse(fallback);
            if (value.length() < minLength || value.length() > maxLength) {
                throw problem(key, "must be " + minLength + " to " + maxLength + " characters long");
            }
            return value;
        }

        boolean bool(String key, boolean fallback) throws ConfigException {
            JsonValue value = value(key);
            if (value == null) {
                return fallback;
            }
            if (value == JsonValue.TRUE || value == JsonValue.FALSE
                    || value.getValueType() == JsonValue.ValueType.TRUE
                    || value.getValueType() == JsonValue.ValueType.FALSE) {
                return value.getValueType() == JsonValue.ValueType.TRUE;
            }
            throw problem(key, "must be true or false");
        }

        int integer(String key, int fallback, int min, int max) throws ConfigException {
            JsonValue value = value(key);
            if (value == null) {
                return fallback;
            }
            if (value instanceof JsonNumber number && number.isIntegral()) {
                long n = number.longValue();
                if (n >= min && n <= max && number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(n)) == 0) {
                    return (int) n;
                }
            }
            throw problem(key, "must be a whole number from " + min + " to " + max);
        }

        long wholeNumber(String key, long fallback, long min, long max) throws ConfigException {
            JsonValue value = value(key);
            if (value == null) {
                return fallback;
            }
            if (value instanceof JsonNumber number && number.isIntegral()
                    && number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(min)) >= 0
                    && number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(max)) <= 0) {
                return number.longValueExact();
            }
            throw problem(key, "must be a whole number from " + min + " to " + max);
        }

        double number(String key, double fallback, double min, double max) throws ConfigException {
            JsonValue value = value(key);
            if (value == null) {
                return fallback;
            }
            if (value instanceof JsonNumber number) {
                double n = number.doubleValue();
                if (n >= min && n <= max) {
                    return n;
                }
            }
            throw problem(key, "must be a number from " + min + " to " + max);
        }

        List<String> stringList(String key) throws ConfigException {
            JsonValue value = value(key);
            List<String> result = new ArrayList<>();
            if (value == null) {
                return result;
            }
            if (value.getValueType() != JsonValue.ValueType.ARRAY) {
                throw problem(key, "must be an array of strings");
            }
            for (JsonValue item : value.asJsonArray()) {
                if (!(item instanceof JsonString string)) {
                    throw problem(key, "must be an array of strings");
                }
                result.add(string.getString());
            }
            return result;
        }

        Fields object(String key, Set<String> known) throws ConfigException {
            JsonValue value = value(key);
            if (value == null) {
                return new Fields(JsonValue.EMPTY_JSON_OBJECT, source, prefix + key + ".", known);
            }
            if (!(value instanceof JsonObject nested)) {
                throw problem(key, "must be an object");
            }
            return new Fields(nested, source, prefix + key + ".", known);
        }
    }

    /** Keys of the {@code limits} object. */
    static final class LimitKeys {
        static final String MAX_TEXT_CHARS = "max_text_chars";
        static final String MAX_FRAME_BYTES = "max_frame_bytes";
        static final String MESSAGES_PER_SECOND = "messages_per_second";
        static final String MESSAGE_BURST = "message_burst";
        static final String JOIN_TIMEOUT_SECONDS = "join_timeout_seconds";
        static final String MAX_UNJOINED_PER_ADDRESS = "max_unjoined_per_address";
        static final String OUTBOUND_QUEUE_BYTES = "outbound_queue_bytes";
        static final String OUTBOUND_QUEUE_FRAMES = "outbound_queue_frames";
        static final String SEND_TIMEOUT_SECONDS = "send_timeout_seconds";
        static final String PING_INTERVAL_SECONDS = "ping_interval_seconds";
        static final String MAX_ROOMS_PER_CONNECTION = "max_rooms_per_connection";
        static final String MAX_ROOMS = "max_rooms";
        static final String PRESENCE_INTERVAL_MS = "presence_interval_ms";
        static final String WRONG_PASSWORD_BURST_PER_ADDRESS = "wrong_password_burst_per_address";
        static final String WRONG_PASSWORDS_PER_MINUTE_PER_ADDRESS = "wrong_passwords_per_minute_per_address";
        static final String WRONG_PASSWORD_BURST_PER_ROOM = "wrong_password_burst_per_room";
        static final String WRONG_PASSWORDS_PER_MINUTE_PER_ROOM = "wrong_passwords_per_minute_per_room";
        static final String MAX_CONCURRENT_PASSWORD_CHECKS = "max_concurrent_password_checks";
        static final String PASSWORD_CHECK_QUEUE_PER_ADDRESS = "password_check_queue_per_address";
        static final String PASSWORD_CHECK_QUEUE_TOTAL = "password_check_queue_total";
        static final String PASSWORD_CHECK_WAIT_SECONDS = "password_check_wait_seconds";
        static final String HISTORY_MESSAGES = "history_messages";
        static final String HISTORY_MAX_AGE_SECONDS = "history_max_age_seconds";
        static final String HISTORY_BYTES_TOTAL = "history_bytes_total";
        static final String HISTORY_BYTES_PER_ROOM = "history_bytes_per_room";
        static final String PRIVATE_MESSAGE_BYTES_TOTAL = "private_message_bytes_total";
        static final String MAX_CONNECTIONS_PER_ADDRESS_GROUP = "max_connections_per_address_group";
        static final String MAX_JOINED_ROOMS_PER_ADDRESS_GROUP = "max_joined_rooms_per_address_group";
        static final String ROOMS_CREATED_PER_MINUTE_PER_ADDRESS_GROUP = "rooms_created_per_minute_per_address_group";
        static final String MAILBOX_MESSAGES_PER_RECIPIENT = "mailbox_messages_per_recipient";
        static final String MAILBOX_BYTES_PER_RECIPIENT = "mailbox_bytes_per_recipient";
        static final String MAILBOX_MESSAGES_PER_SENDER = "mailbox_messages_per_sender";
        static final String MAILBOX_BYTES_PER_SENDER = "mailbox_bytes_per_sender";
        static final String MAILBOX_MESSAGES_PER_ROOM = "mailbox_messages_per_room";
        static final String MAILBOX_BYTES_PER_ROOM = "mailbox_bytes_per_room";
        static final String MAILBOX_MESSAGES_PER_ADDRESS_GROUP = "mailbox_messages_per_address_group";
        static final String MAILBOX_BYTES_PER_ADDRESS_GROUP = "mailbox_bytes_per_address_group";
        static final String[] ALL = {MAX_TEXT_CHARS, MAX_FRAME_BYTES, MESSAGES_PER_SECOND, MESSAGE_BURST,
            JOIN_TIMEOUT_SECONDS, MAX_UNJOINED_PER_ADDRESS, OUTBOUND_QUEUE_BYTES, OUTBOUND_QUEUE_FRAMES,
            SEND_TIMEOUT_SECONDS, PING_INTERVAL_SECONDS, MAX_ROOMS_PER_CONNECTION, MAX_ROOMS, PRESENCE_INTERVAL_MS,
            WRONG_PASSWORD_BURST_PER_ADDRESS, WRONG_PASSWORDS_PER_MINUTE_PER_ADDRESS, WRONG_PASSWORD_BURST_PER_ROOM,
            WRONG_PASSWORDS_PER_MINUTE_PER_ROOM, MAX_CONCURRENT_PASSWORD_CHECKS, PASSWORD_CHECK_QUEUE_PER_ADDRESS,
            PASSWORD_CHECK_QUEUE_TOTAL, PASSWORD_CHECK_WAIT_SECONDS, HISTORY_MESSAGES,
            HISTORY_MAX_AGE_SECONDS, HISTORY_BYTES_TOTAL, HISTORY_BYTES_PER_ROOM, PRIVATE_MESSAGE_BYTES_TOTAL,
            MAX_CONNECTIONS_PER_ADDRESS_GROUP, MAX_JOINED_ROOMS_PER_ADDRESS_GROUP,
            ROOMS_CREATED_PER_MINUTE_PER_ADDRESS_GROUP, MAILBOX_MESSAGES_PER_RECIPIENT, MAILBOX_BYTES_PER_RECIPIENT,
            MAILBOX_MESSAGES_PER_SENDER, MAILBOX_BYTES_PER_SENDER, MAILBOX_MESSAGES_PER_ROOM, MAILBOX_BYTES_PER_ROOM,
            MAILBOX_MESSAGES_PER_ADDRESS_GROUP, MAILBOX_BYTES_PER_ADDRESS_GROUP};

        private LimitKeys() {
        }
    }
}
