package org.safehouse.embed;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.safehouse.config.ConfigException;
import org.safehouse.config.ConfigLoader;
import org.safehouse.config.SafehouseConfig;
import org.safehouse.crypto.Argon2PasswordHasher;

/**
 * Safehouse running in this process, on an embedded Jetty 12 (the application adds {@code jetty-ee10-servlet} and
 * {@code jetty-ee10-websocket-jakarta-server}, see README "Use it as a library"):
 * <pre>{@code
 * try (Safehouse chat = Safehouse.builder().port(8080).room("lobby", "a long password").start()) {
 *     chat.onEvent(event -> System.out.println(event));   // Joined, Left, Message
 *     System.out.println("open " + chat.address());       // http://127.0.0.1:8080/safehouse/
 * }
 * }</pre>
 * Listeners run on one thread of Safehouse's ({@link EventFeed}), never under its locks; a slow listener loses events
 * beyond {@value EventFeed#MAX_QUEUED_EVENTS} queued ones. {@link #stop} (or close) closes every client with 1001 and
 * stops the threads; it may be called more than once. Thread-safe.
 */
public final class Safehouse implements AutoCloseable {
    private final EmbeddedServer server;
    private final EventFeed events;

    private Safehouse(EmbeddedServer server, EventFeed events) {
        this.server = server;
        this.events = events;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The page's address; the WebSocket endpoint is {@code address().resolve("chat")} with ws://. */
    public URI address() {
        return server.address();
    }

    /** Calls {@code listener} for every join, leave and room message from now on. */
    public Safehouse onEvent(Consumer<? super SafehouseEvent> listener) {
        events.add(listener);
        return this;
    }

    /** Stops the server: clients are closed with 1001 (going away), the threads end. */
    public void stop() {
        server.stop();
        events.close();
    }

    @Override
    public void close() {
        stop();
    }

    /** What to run; every setter returns the builder. Nothing starts before {@link #start}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String path = SafehouseInitializer.DEFAULT_PATH;
        private Optional<Path> configFile = Optional.empty();
        private Optional<String> serverName = Optional.empty();
        private final List<JsonObject> rooms = new ArrayList<>();

        private Builder() {
        }

        /** The address to listen on; loopback (127.0.0.1) unless set. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** The port to listen on; 0 (the default) takes a free one, see {@link Safehouse#address()}. */
        public Builder port(int value) {
            if (value < 0 || value > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, not " + value);
            }
            port = value;
            return this;
        }

        /** Where the page and the endpoints live, {@value SafehouseInitializer#DEFAULT_PATH} unless set. */
        public Builder path(String value) {
            path = SafehouseInitializer.path(value);
            return this;
        }

        /** A config.json to start from (its rooms, limits, ...; its host and port are the launcher's, not used). */
        public Builder config(Path file) {
            configFile = Optional.of(file);
            return this;
        }

        /** The name clients are greeted with. */
        public Builder serverName(String value) {
            serverName = Optional.of(value);
            return this;
        }

        /** A room that exists from the start; {@code password} null for a public room. Added to the config's. */
        public Builder room(String name, String password) {
            JsonObjectBuilder room = Json.createObjectBuilder().add("name", name);
            if (password != null) {
                room.add("password", password);
            }
            rooms.add(room.build());
            return this;
        }

        /**
         * Loads the config (clear passwords are hashed with Argon2id here), starts the server and returns it.
         *
         * @throws IllegalStateException when the config is invalid or refused by the security self-check, or the
         *                               port cannot be bound; nothing is left running then
         */
        public Safehouse start() {
            SafehouseConfig config = config();
            EventFeed events = new EventFeed();
            try {
                return new Safehouse(EmbeddedServer.start(host, port, path, config, events), events);
            } catch (RuntimeException e) {
                events.close();
                throw e;
            }
        }

        private SafehouseConfig config() {
            String source = configFile.map(Path::toString).orElse("Safehouse.builder()");
            Path base = configFile.map(Path::toAbsolutePath).map(Path::getParent).orElse(Path.of("."));
            try {
                JsonObject json = configFile.isPresent() ? read(configFile.get()) : JsonValue.EMPTY_JSON_OBJECT;
                JsonObjectBuilder merged = Json.createObjectBuilder(json);
                serverName.ifPresent(name -> merged.add("server_name", name));
                if (!rooms.isEmpty()) {
                    JsonArrayBuilder all = Json.createArrayBuilder(json.containsKey("rooms")
                            ? json.getJsonArray("rooms") : JsonValue.EMPTY_JSON_ARRAY);
                    rooms.forEach(all::add);
                    merged.add("rooms", all);
                }
                return new ConfigLoader(new Argon2PasswordHasher()).parse(merged.build().toString(), source, base);
            } catch (ConfigException | IOException | RuntimeException e) {
                throw new IllegalStateException("Safehouse cannot start: " + e.getMessage(), e);
            }
        }

        private static JsonObject read(Path file) throws IOException {
            try (var reader = Json.createReader(new StringReader(Files.readString(file)))) {
                return reader.readObject();
            }
        }
    }
}
