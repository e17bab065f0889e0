package org.safehouse.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The hand-written writer must produce exactly what the JSON-P generator (Parsson) produced before it. */
class JsonWriterTest {
    private static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Every char from U+0000 to U+FFFF, with quotes, backslashes, lone and paired surrogates among them. */
    private static String everyChar() {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            text.append((char) c);
        }
        return text.append("\uD83D\uDE00 \"q\" \\ end").toString();
    }

    @Test
    void stringsAreEscapedExactlyAsJsonPDoes() {
        String text = everyChar();
        StringWriter expected = new StringWriter();
        try (JsonGenerator json = PROVIDER.createGeneratorFactory(Map.of()).createGenerator(expected)) {
            json.writeStartObject().write(text, text).writeStartArray("a").write(text).write("").write(7L).writeEnd()
                    .write("n", -42L).write("t", true).write("f", false).writeStartObject("o").writeEnd()
                    .writeStartArray("e").writeEnd().writeStartArray("objects").writeStartObject().write("x", 1)
                    .writeEnd().writeStartObject().writeEnd().writeEnd().writeEnd();
        }
        JsonWriter actual = new JsonWriter();
        actual.writeStartObject().write(text, text).writeStartArray("a").write(text).write("").write(7L).writeEnd()
                .write("n", -42L).write("t", true).write("f", false).writeStartObject("o").writeEnd()
                .writeStartArray("e").writeEnd().writeStartArray("objects").writeStartObject().write("x", 1)
                .writeEnd().writeStartObject().writeEnd().writeEnd().writeEnd();
        assertEquals(expected.toString(), actual.toString());
    }

    @Test
    void framesEncodeAsTheProtocolShowsThem() {
        JsonCodec codec = new JsonCodec();
        assertEquals("{\"msgType\":\"Broadcast\",\"id\":\"7260913021018112\",\"room\":\"lobby\",\"ts\":1763779200000,"
                        + "\"SrcUser\":\"alice\",\"text\":\"hi \\\"you\\\"\\n\"}",
                codec.encode(new ServerFrame.Broadcast(7260913021018112L, "lobby", 1763779200000L, "alice",
                        "hi \"you\"\n")));
        assertEquals("{\"msgType\":\"Presence\",\"room\":\"lobby\",\"joined\":[\"carol\"],\"left\":[\"dave\"]}",
                codec.encode(new ServerFrame.Presence("lobby", List.of("carol"), List.of("dave"), Map.of())));
        assertEquals("{\"msgType\":\"Error\",\"code\":\"rate_limited\",\"text\":\"slow down\",\"retryAfterMs\":250}",
                codec.encode(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "slow down", Optional.empty(),
                        OptionalLong.of(250), List.of())));
        assertEquals("{\"msgType\":\"Hello\",\"server\":\"Safehouse\",\"versions\":[1]}",
                codec.encode(new ServerFrame.Hello("Safehouse", List.of(1))));
    }
}
