package org.safehouse.storage;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import org.safehouse.protocol.SealedBody;

/**
 * A sealed room message's body as JSON, with the field names of the wire ({@code clientMsgId}, {@code v},
 * {@code keyId}, {@code iv}, {@code ciphertext}, {@code signature}): the {@code sealed} column of the history file's
 * {@code messages} table, and the {@code z} field of cluster mode's room log entries ({@code cluster.RoomLogEntries}).
 * Ciphertext only: the server never holds what it says. Stateless.
 */
public final class SealedBodyJson {
    private SealedBodyJson() {
    }

    public static JsonObjectBuilder object(SealedBody body) {
        return Json.createObjectBuilder().add("clientMsgId", body.clientMsgId()).add("v", body.version())
                .add("keyId", body.keyId()).add("iv", body.iv()).add("ciphertext", body.ciphertext())
                .add("signature", body.signature());
    }

    public static String write(SealedBody body) {
        return object(body).build().toString();
    }

    /** @throws RuntimeException (JsonException, ClassCastException, NullPointerException) when it is not ours */
    public static SealedBody read(JsonObject body) {
        return new SealedBody(body.getString("clientMsgId"), body.getInt("v"), body.getString("keyId"),
                body.getString("iv"), body.getString("ciphertext"), body.getString("signature"));
    }

    public static SealedBody read(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return read(reader.readObject());
        }
    }
}
