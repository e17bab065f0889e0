package org.safehouse.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Optional;
import org.safehouse.core.HistoryStore;
import org.safehouse.core.ProvenIdentity;
import org.safehouse.protocol.EncryptedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * How a kept private message is written in Redis and in the mailbox events: one JSON object with the frame its
 * recipient receives (ciphertext only: a kept message is always end-to-end encrypted) and both parties' public
 * identities. Ids travel as 20-digit zero-padded decimals, so that Lua compares them as strings in id order.
 * Stateless.
 */
final class MailboxJson {
    private MailboxJson() {
    }

    /** An id as Redis keeps it: 20 digits, zero-padded (a long never needs more). */
    static String id(long id) {
        return String.format("%020d", id);
    }

    static String encode(HistoryStore.StoredPrivate message) {
        ServerFrame.PrivateMessage m = message.toRecipient();
        EncryptedBody body = m.encrypted().orElseThrow(
                () -> new IllegalArgumentException("only encrypted private messages are kept"));
        return Json.createObjectBuilder()
                .add("id", id(m.id()))
                .add("room", m.room())
                .add("ts", m.timestamp())
                .add("from", m.sender())
                .add("enc", Json.createObjectBuilder()
                        .add("clientMsgId", body.clientMsgId())
                        .add("ciphertext", body.ciphertext())
                        .add("iv", body.iv())
                        .add("counter", body.counter())
                        .add("signature", body.signature()))
                .add("sender", identity(message.sender()))
                .add("recipient", identity(message.recipient()))
                .build().toString();
    }

    static HistoryStore.StoredPrivate decode(String json) {
        JsonObject o;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            o = reader.readObject();
        }
        JsonObject enc = o.getJsonObject("enc");
        EncryptedBody body = new EncryptedBody(enc.getString("clientMsgId"), enc.getString("ciphertext"),
                enc.getString("iv"), enc.getJsonNumber("counter").longValueExact(), enc.getString("signature"));
        ServerFrame.PrivateMessage frame = new ServerFrame.PrivateMessage(Long.parseLong(o.getString("id")),
                o.getString("room"), o.getJsonNumber("ts").longValueExact(), o.getString("from"), Optional.empty(),
                Optional.empty(), Optional.of(body), false);
        return new HistoryStore.StoredPrivate(frame, identity(o.getJsonObject("sender")),
                identity(o.getJsonObject("recipient")));
    }

    /** What the keeping script counts a message by: its parties (as queues are keyed), and its group, bytes and time. */
    static String meta(HistoryStore.StoredPrivate message, String senderGroup, long bytes, boolean delivered) {
        return Json.createObjectBuilder()
                .add("s", queueKey(message.sender()))
                .add("r", queueKey(message.recipient()))
                .add("g", senderGroup)
                .add("b", bytes)
                .add("d", delivered ? 1 : 0)
                .add("t", message.toRecipient().timestamp())
                .build().toString();
    }

    /** Whether metadata as the scripts keep it says the message was delivered. */
    static boolean delivered(String meta) {
        try (JsonReader reader = Json.createReader(new StringReader(meta))) {
            return reader.readObject().getInt("d") == 1;
        }
    }

    static String encode(ProvenIdentity identity) {
        return identity(identity).build().toString();
    }

    static ProvenIdentity identity(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return identity(reader.readObject());
        }
    }

    /** One identity's queue: the nickname as compared and the signing key it proved. */
    private static String queueKey(ProvenIdentity identity) {
        return identity.nickKey() + '\n' + identity.signingKey();
    }

    private static jakarta.json.JsonObjectBuilder identity(ProvenIdentity identity) {
        return Json.createObjectBuilder().add("nick", identity.nick()).add("nickKey", identity.nickKey())
                .add("signingKey", identity.signingKey());
    }

    private static ProvenIdentity identity(JsonObject o) {
        return new ProvenIdentity(o.getString("nick"), o.getString("nickKey"), o.getString("signingKey"));
    }
}
