package org.safehouse.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.protocol.ClientFrame;
import org.safehouse.protocol.EncodedSize;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.ProtocolException;
import org.safehouse.protocol.ServerFrame;

/** The codec decodes anything into a frame or a ProtocolException, and encodes what it decodes faithfully. */
class CodecFuzzTest {
    private final JsonCodec codec = new JsonCodec();

    /** The property of every decode: a frame, or a ProtocolException with a documented code; nothing else. */
    static void decodes(JsonCodec codec, String text) {
        try {
            codec.decode(text);
        } catch (ProtocolException e) {
            assertEquals(true, FuzzHarness.ERROR_CODES.contains(e.code().wireName()));
        } catch (RuntimeException e) {
            throw new AssertionError("decode threw " + e + " on " + FuzzHarness.shortly(text), e);
        }
    }

    @Property(tries = 400)
    void anyStringDecodesOrIsRefused(@ForAll("anyText") String text) {
        decodes(codec, text);
    }

    @Property(tries = 400)
    void frameShapedJsonDecodesOrIsRefused(@ForAll("clientFrames") String frame) {
        decodes(codec, frame);
    }

    @Property(tries = 200)
    void aBroadcastDecodesToWhatItSaid(@ForAll("texts") String room, @ForAll("texts") String text,
                                       @ForAll("texts") String clientMsgId) throws ProtocolException {
        String json = FuzzInputs.JSON.createObjectBuilder().add("msgType", "Broadcast").add("room", room).add("text", text)
                .add("clientMsgId", clientMsgId).build().toString();
        ClientFrame frame;
        try {
            frame = codec.decode(json);
        } catch (ProtocolException e) { // only the clientMsgId's length may be refused
            assertEquals("bad_field", e.code().wireName());
            assertEquals(true, clientMsgId.isEmpty() || clientMsgId.length() > 64);
            return;
        }
        assertEquals(new ClientFrame.Broadcast(Optional.of(room), text, Optional.of(clientMsgId)), frame);
    }

    @Property(tries = 200)
    void aServerBroadcastEncodesToWhatItHolds(@ForAll("texts") String room, @ForAll("texts") String sender,
                                              @ForAll("texts") String text, @ForAll long id, @ForAll long ts) {
        ServerFrame.Broadcast message = new ServerFrame.Broadcast(id, room, ts, sender, text);
        String encoded = codec.encode(message);
        JsonObject parsed = FuzzInputs.parse(encoded);
        assertEquals(Long.toString(id), parsed.getString("id"));
        assertEquals(ts, parsed.getJsonNumber("ts").longValueExact());
        assertEquals(FuzzInputs.JSON.createValue(room), parsed.get("room"));
        assertEquals(FuzzInputs.JSON.createValue(sender), parsed.get("SrcUser"));
        assertEquals(FuzzInputs.JSON.createValue(text), parsed.get("text"));
        assertEquals(OutboundFrame.of(encoded).utf8Bytes(), EncodedSize.broadcast(message));
    }

    @Provide
    Arbitrary<String> anyText() {
        return FuzzInputs.anyText();
    }

    @Provide
    Arbitrary<String> clientFrames() {
        return FuzzInputs.clientFrames();
    }

    @Provide
    Arbitrary<String> texts() {
        return FuzzInputs.texts();
    }
}
