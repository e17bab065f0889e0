package org.safehouse.protocol;

/**
 * Exact sizes, in UTF-8 bytes, of parts of frames as {@link JsonCodec} writes them, computed without encoding: the
 * core splits history and member lists into frames that fit a byte budget and must know, before building a frame,
 * what each element adds. Stateless; agrees with {@link JsonWriter#appendString} (a test checks every case).
 */
public final class EncodedSize {
    private EncodedSize() {
    }

    /** A JSON string: quotes, escapes and UTF-8 bytes. */
    public static int string(String text) {
        int bytes = 2;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                bytes += switch (c) {
                    case '\b', '\f', '\n', '\r', '\t' -> 2;
                    default -> 6;
                };
            } else if (c == '"' || c == '\\') {
                bytes += 2;
            } else if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3; // counted as OutboundFrame counts it: the queue's measure is the one that matters
            }
        }
        return bytes;
    }

    /** A {@code Broadcast} object as written inside a history array (without the separating comma). */
    public static int broadcast(ServerFrame.Broadcast message) {
        // {"msgType":"Broadcast","id":"<id>","room":<room>,"ts":<ts>,"SrcUser":<sender>,"text":<text>}
        int common = "{\"msgType\":\"Broadcast\",\"id\":\"\",\"room\":,\"ts\":,\"SrcUser\":}".length()
                + Long.toString(message.id()).length() + string(message.room())
                + Long.toString(message.timestamp()).length() + string(message.sender());
        if (message.sealed().isEmpty()) {
            return common + ",\"text\":".length() + string(message.text());
        }
        // ,"clientMsgId":<id>,"sealed":{"v":<v>,"keyId":<k>,"iv":<iv>,"ciphertext":<c>,"signature":<s>}
        SealedBody body = message.sealed().get();
        return common + ",\"clientMsgId\":,\"sealed\":{\"v\":,\"keyId\":,\"iv\":,\"ciphertext\":,\"signature\":}".length()
                + string(body.clientMsgId()) + Integer.toString(body.version()).length() + string(body.keyId())
                + string(body.iv()) + string(body.ciphertext()) + string(body.signature());
    }

    /** One member's entry in a {@code keys} object: {@code "<nick>":{"agreement":..,"signing":..,"algorithm":..}}. */
    public static int keysEntry(String nick, PublicKeys keys) {
        return string(nick) + "{\"agreement\":,\"signing\":,\"algorithm\":}".length() + 1
                + string(keys.agreement()) + string(keys.signing()) + string(keys.algorithm());
    }
}
