package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.safehouse.delivery.OutboundFrame;

/** {@link EncodedSize} agrees, byte for byte, with what the codec writes and the queue counts. */
class EncodedSizeTest {
    private static final List<String> TEXTS = List.of("", "plain", "say \"hi\"", "a\\b", "tab\tnew\nline\r",
            "\u0001\u001f\u007f\u0085", "é", "\u20ac", "\ud83d\ude00", "lone \ud800 high", "lone \udc00 low",
            "mixed \"\u00e9\ud83d\ude00\\\u0000\"");
    private final JsonCodec codec = new JsonCodec();

    @Test
    void aBroadcastInsideAnArrayIsCountedExactly() {
        for (String text : TEXTS) {
            ServerFrame.Broadcast message = new ServerFrame.Broadcast(7260913021018112L, "r\u00e9\"om", 1763779200000L,
                    "n\ud83d\ude00ck", text);
            ServerFrame.HistoryPage empty = new ServerFrame.HistoryPage("x", "e", List.of(), false);
            ServerFrame.HistoryPage one = new ServerFrame.HistoryPage("x", "e", List.of(message), false);
            assertEquals(bytes(one) - bytes(empty), EncodedSize.broadcast(message), text);
        }
    }

    @Test
    void aSealedBroadcastInsideAnArrayIsCountedExactly() {
        for (String id : List.of("k", "k3j2 \"\u00e9\ud83d\ude00", "x".repeat(64))) {
            ServerFrame.Broadcast message = new ServerFrame.Broadcast(7260913021018112L, "r\u00e9\"om",
                    1763779200000L, "n\ud83d\ude00ck", "", java.util.Optional.of(new SealedBody(id, 1,
                    "0123456789abcdef", "aXZpdml2aXZpdml2", "c2VhbGVk/+==", "c2lnbmVk")));
            ServerFrame.HistoryPage empty = new ServerFrame.HistoryPage("x", "e", List.of(), false);
            ServerFrame.HistoryPage one = new ServerFrame.HistoryPage("x", "e", List.of(message), false);
            assertEquals(bytes(one) - bytes(empty), EncodedSize.broadcast(message), id);
        }
    }

    @Test
    void aKeysEntryAndAStringAreCountedExactly() {
        PublicKeys keys = new PublicKeys("AGREE+/=", "SIGN", "Ed25519");
        ServerFrame.Presence without = new ServerFrame.Presence("r", List.of(), List.of(), Map.of());
        for (String nick : TEXTS) {
            ServerFrame.Presence with = new ServerFrame.Presence("r", List.of(nick), List.of(), Map.of(nick, keys));
            assertEquals(bytes(with) - bytes(without), EncodedSize.string(nick) + EncodedSize.keysEntry(nick, keys)
                    + ",\"keys\":{}".length(), nick);
        }
    }

    /** What the outbound queue counts: the measure the budget must agree with. */
    private int bytes(ServerFrame frame) {
        return OutboundFrame.of(codec.encode(frame)).utf8Bytes();
    }
}
