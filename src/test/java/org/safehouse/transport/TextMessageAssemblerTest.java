package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's text handler without a container: parts are joined into messages, the UTF-8 length is counted across
 * parts, and the first message over the limit is refused once. The containers' part boundaries are exercised by the
 * end-to-end tests (TyrusEndpointTest, ExecutableWarErrorsIT, TomcatDistributionIT).
 */
class TextMessageAssemblerTest {
    private static final int MAX = 1024;

    private final List<String> received = new ArrayList<>();
    private int heard;
    private int refused;
    private final TextMessageAssembler assembler = new TextMessageAssembler(MAX, () -> heard++, received::add,
            () -> refused++);

    @Test
    void countsUtf8BytesNotChars() {
        assertFalse(TextMessageAssembler.exceedsUtf8Bytes("a".repeat(1024), 1024));
        assertTrue(TextMessageAssembler.exceedsUtf8Bytes("a".repeat(1025), 1024));
        assertFalse(TextMessageAssembler.exceedsUtf8Bytes("é".repeat(512), 1024)); // two bytes each
        assertTrue(TextMessageAssembler.exceedsUtf8Bytes("é".repeat(513), 1024));
        assertFalse(TextMessageAssembler.exceedsUtf8Bytes("€".repeat(341) + "a", 1024)); // three bytes each
        assertTrue(TextMessageAssembler.exceedsUtf8Bytes("€".repeat(342), 1024));
        assertFalse(TextMessageAssembler.exceedsUtf8Bytes("\uD83D\uDE00".repeat(256), 1024)); // four bytes a pair
        assertTrue(TextMessageAssembler.exceedsUtf8Bytes("\uD83D\uDE00".repeat(256) + "a", 1024));
        assertEquals(2 + 3 + 4 + 1, TextMessageAssembler.utf8Bytes("é€\uD83D\uDE00a", 100));
    }

    @Test
    void aMessageInOnePartIsPassedOnAsItIs() {
        String text = "{\"msgType\":\"Ping\",\"token\":\"x\"}";
        assembler.onMessage(text, true);
        assertEquals(1, received.size());
        assertSame(text, received.get(0), "no copy in the usual case");
        assertEquals(1, heard);
    }

    @Test
    void partsAreJoinedIntoOneMessageAndTheNextMessageStartsAfresh() {
        assembler.onMessage("{\"msgType\":", false);
        assembler.onMessage("", false); // Tomcat hands over an empty part when a frame carries nothing to decode
        assembler.onMessage("\"Ping\",\"token\":\"\uD83D", false); // a pair split across parts
        assembler.onMessage("\uDE00\"}", true);
        assembler.onMessage("second", true);
        assertEquals(List.of("{\"msgType\":\"Ping\",\"token\":\"\uD83D\uDE00\"}", "second"), received);
        assertEquals(5, heard);
        assertEquals(0, refused);
    }

    @Test
    void partsUpToTheLimitInUtf8AreAccepted() {
        assembler.onMessage("é".repeat(200), false); // 400 bytes
        assembler.onMessage("€".repeat(200), false); // 600 bytes
        assembler.onMessage("\uD83D\uDE00".repeat(6), true); // 24 bytes: 1024 in all
        assertEquals(1, received.size());
        assertEquals(0, refused);
    }

    @Test
    void theFirstPartPastTheLimitRefusesOnceAndLaterPartsAndMessagesAreDropped() {
        assembler.onMessage("a".repeat(500), false);
        assembler.onMessage("é".repeat(262), false); // 1024 bytes so far: still fine
        assertEquals(0, refused);
        assembler.onMessage("a", false); // 1025
        assertEquals(1, refused);
        assembler.onMessage("a".repeat(2000), false);
        assembler.onMessage("a", true);
        assembler.onMessage("too late", true);
        assertEquals(1, refused);
        assertEquals(List.of(), received);
    }

    @Test
    void aWholeMessageOverTheLimitIsRefused() {
        assembler.onMessage("€".repeat(342), true);
        assertEquals(1, refused);
        assertEquals(List.of(), received);
    }
}
