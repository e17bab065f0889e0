package org.safehouse.cluster;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Optional;
import org.safehouse.core.RoomLogBus;
import org.safehouse.protocol.SealedBody;
import org.safehouse.storage.SealedBodyJson;

/**
 * How a room message is written in Redis: its fields as one small JSON object (room key {@code r}, time {@code ts},
 * sender {@code s}, text {@code t}, sender-scoped client id {@code k} when given, the sending append's token
 * {@code o}; a sealed room's body as {@code z}, its fields as the wire names them), the same in the room's stream
 * entry and in the pub/sub message. Its id is not in it: Redis numbers it
 * (base + counter, see append.lua). Stateless.
 */
final class RoomLogEntries {
    private RoomLogEntries() {
    }

    static String fields(RoomLogBus.Posted posted) {
        JsonObjectBuilder fields = Json.createObjectBuilder().add("r", posted.roomKey()).add("ts", posted.timestamp())
                .add("s", posted.sender()).add("t", posted.text()).add("o", posted.origin());
        posted.clientKey().ifPresent(key -> fields.add("k", key));
        posted.sealed().ifPresent(body -> fields.add("z", SealedBodyJson.object(body)));
        return fields.build().toString();
    }

    /** The message numbered {@code id} with these fields. @throws IllegalArgumentException when they are not ours */
    static RoomLogBus.Message message(long id, String fields) {
        try (JsonReader reader = Json.createReader(new StringReader(fields))) {
            JsonObject object = reader.readObject();
            return new RoomLogBus.Message(object.getString("r"), id, object.getJsonNumber("ts").longValueExact(),
                    object.getString("s"), object.getString("t"), sealed(object),
                    Optional.ofNullable(object.getString("k", null)), object.getString("o"));
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException("not a room message of ours", e);
        }
    }

    private static Optional<SealedBody> sealed(JsonObject object) {
        if (!object.containsKey("z")) {
            return Optional.empty();
        }
        return Optional.of(SealedBodyJson.read(object.getJsonObject("z")));
    }

    /** {@code base + counter}, as append.lua and numbered.lua hand them over ("base counter"). */
    static long id(String baseAndCounter) {
        int space = baseAndCounter.indexOf(' ');
        return Math.addExact(Long.parseLong(baseAndCounter.substring(0, space)),
                Long.parseLong(baseAndCounter.substring(space + 1)));
    }
}
