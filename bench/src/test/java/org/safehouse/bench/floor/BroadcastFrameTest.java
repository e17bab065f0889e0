package org.safehouse.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BroadcastFrameTest {

    @Test
    void isAnUnmaskedTextFrameWithASixteenBitLength() {
        BroadcastFrame frame = new BroadcastFrame(1000);
        frame.set('b', 42, 1_545_340_123_456L);
        byte[] bytes = frame.bytes();
        assertEquals(151, frame.length());
        assertEquals(0x81, bytes[0] & 0xff);
        assertEquals(126, bytes[1]);
        assertEquals(147, ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff));
        assertEquals("{\"msgType\":\"Broadcast\",\"id\":\"7260913021018112\",\"room\":\"fanout-1000-fixed-0\","
                + "\"ts\":1763779200000,\"SrcUser\":\"f0\",\"text\":\"b:0:000042:0001545340123456\"}",
                new String(Arrays.copyOfRange(bytes, 4, bytes.length), StandardCharsets.US_ASCII));
        assertEquals('b', bytes[frame.kindOffset()]);
        assertEquals('}', bytes[frame.length() - 1]);
    }

    @Test
    void keepsItsLengthWhateverTheNumbers() {
        BroadcastFrame frame = new BroadcastFrame(100);
        frame.set('w', 0, 0);
        byte[] first = frame.bytes();
        frame.set('b', 999_999, Long.MAX_VALUE);
        assertEquals(first.length, frame.bytes().length);
        assertEquals('w', first[frame.kindOffset()]);
        assertEquals('b', frame.bytes()[frame.kindOffset()]);
    }
}
