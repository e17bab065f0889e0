package org.safehouse.config;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
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
import java.util.function.Function;
import org.safehouse.crypto.Argon2PasswordHasher;
import org.safehouse.protocol.Names;

/**
 * Reads config.json into a {@link SafehouseConfig}. Every key is optional; a missing key takes its default. An unknown
 * key, a wrong type or an out-of-range value stops loading with a message naming the key and the problem. Keys
 * starting with an underscore are comments and ignored, and so is a top-level {@code "$schema"} (the JSON Schema
 * editors check the file against, docs/config.schema.json).
 *
 * <p>What is written here: the unknown-key rule (via {@link JsonFields}) and the Ragnarok keys ({@code server_name},
 * {@code server_ip}, {@code server_port}, {@code server_password}, {@code default_room}, {@code rooms}), whose rules
 * span sections: the default room always exists, takes {@code server_name} as its title and {@code server_password}
 * as its password unless {@code rooms} sets one, and clear-text passwords are hashed with Argon2id here, once per
 * start. Each other section reads its own keys, with their defaults and checks: {@link LimitsSection} (the
 * {@link Limits} table, bound with JSON-B), {@link TlsConfig#read}, {@link HistoryConfig#read},
 * {@link MonitoringConfig#read}, {@link TrustedProxies#read}, {@link PublicUrl#read}, {@link AdminConfig#read},
 * {@link ClusterConfig#read}.
 */
public final class ConfigLoader {
    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());
    public static final String DEFAULT_SERVER_NAME = "Safehouse";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_ROOM = "lobby";
    /** Every top-level key: those of the sections' records, and the four read on their own. */
    static final Set<String> TOP_KEYS = topKeys();
    /** Names the file's JSON Schema for editors; read by none of our code. */
    static final String SCHEMA_KEY = "$schema";
    private static final Set<String> ROOM_KEYS = Set.copyOf(SectionBinder.keys(RoomConfig.Keys.class));

    private final Argon2PasswordHasher hasher;
    private final Function<String, String> environment;

    private static Set<String> topKeys() {
        Set<String> keys = new HashSet<>(List.of("rooms", "limits", "trusted_proxies", "public_url", "cluster"));
        for (Class<? extends Record> section : List.of(ServerKeys.class, TlsConfig.Keys.class, HistoryConfig.Keys.class,
                MonitoringConfig.Keys.class, AdminConfig.Keys.class)) {
            keys.addAll(SectionBinder.keys(section));
        }
        return Set.copyOf(keys);
    }

    /** Reads {@value AdminConfig#ENVIRONMENT_VARIABLE} from the process's environment. */
    public ConfigLoader(Argon2PasswordHasher hasher) {
        this(hasher, System::getenv);
    }

    /** @param environment looks up environment variables ({@value AdminConfig#ENVIRONMENT_VARIABLE}); null = unset */
    public ConfigLoader(Argon2PasswordHasher hasher, Function<String, String> environment) {
        this.hasher = hasher;
        this.environment = environment;
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
        JsonFields top = new JsonFields(root, source, "", TOP_KEYS);
        ServerKeys server = SectionBinder.bind(top, ServerKeys.class, ServerKeys.DEFAULTS);
        String serverName = server.serverName();
        int port = server.port();
        TlsConfig tls = TlsConfig.read(top, base, port);
        String defaultRoom = checkedRoomName(top, "default_room", server.defaultRoom());
        RoomPassword serverPassword = password(top, "server_password", Optional.ofNullable(server.serverPassword()),
                false);

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
                RoomConfig room = room(new JsonFields(object, source, path + ".", ROOM_KEYS));
                if (!roomKeys.add(Names.key(room.name()))) {
                    throw new ConfigException(source + ": " + path + ".name: room \"" + room.name()
                            + "\" is declared twice");
                }
                rooms.add(room);
            }
        }
        rooms = withDefaultRoom(top, rooms, defaultRoom, serverName, serverPassword);

        List<String> origins = new ArrayList<>();
        for (String origin : server.allowedOrigins()) {
            origins.add(checkedOrigin(top, origin));
        }
        HistoryConfig history = HistoryConfig.read(top, tls);
        OptionalInt fixedNodeId = top.value("node_id") == null ? OptionalInt.empty() : OptionalInt.of(server.nodeId());
        return new SafehouseConfig(serverName, server.host(), port, tls, defaultRoom, rooms,
                server.allowRoomCreation(), origins, server.nodeId(),
                LimitsSection.read(top.object("limits", Set.of(LimitsSection.names()))), history, TrustedProxies.read(top),
                PublicUrl.read(top), MonitoringConfig.read(top), AdminConfig.read(top, environment),
                ClusterConfig.read(top, history, fixedNodeId));
    }

    private List<RoomConfig> withDefaultRoom(JsonFields top, List<RoomConfig> rooms, String defaultRoom, String serverName,
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
                    declared.requireEncryption(), declared.ownerKey()));
        }
        return ordered;
    }

    private RoomConfig room(JsonFields room) throws ConfigException {
        String name = checkedRoomName(room, "name", room.requiredString("name"));
        RoomConfig.Keys keys = SectionBinder.bind(room, RoomConfig.Keys.class, RoomConfig.Keys.DEFAULTS);
        String title = keys.title() == null ? name : keys.title();
        Optional<String> clear = Optional.ofNullable(keys.password());
        Optional<String> hash = Optional.ofNullable(keys.passwordHash());
        if (clear.isPresent() && hash.isPresent()) {
            throw room.problem("password", "set password or password_hash, not both");
        }
        RoomPassword password = hash.isPresent()
                ? password(room, "password_hash", hash, true)
                : password(room, "password", clear, false);
        int max = keys.maxMembers();
        Optional<String> ownerKey = Optional.ofNullable(keys.ownerKey());
        if (ownerKey.isPresent() && !RoomConfig.FINGERPRINT.matcher(ownerKey.get()).matches()) {
            throw room.problem("owner_key", "must be a key fingerprint: 64 hex digits (the SHA-256 of the owner's "
                    + "signing key, shown by the page)");
        }
        return new RoomConfig(name, title, password, max == 0 ? OptionalInt.empty() : OptionalInt.of(max),
                keys.requireEncryption(), ownerKey.map(key -> key.toLowerCase(Locale.ROOT)));
    }

    /** Empty string or absent means no password, as in Ragnarok; a PHC string is taken as a hash. */
    private RoomPassword password(JsonFields fields, String key, Optional<String> value, boolean mustBeHash)
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

    private static String checkedRoomName(JsonFields fields, String key, String raw) throws ConfigException {
        Names.Checked checked = Names.roomName(raw);
        if (!checked.ok()) {
            throw fields.problem(key, checked.problem());
        }
        return checked.value();
    }

    private static String checkedOrigin(JsonFields fields, String origin) throws ConfigException {
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
}
