package org.safehouse.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutgoingFramesTest {

    @Test
    void writesTheMessageTextDigitByDigit() {
        ByteBuf buffer = OutgoingFrames.message3(UnpooledByteBufAllocator.DEFAULT,
                OutgoingFrames.broadcastHead("room-1"), 'b', 0, 10, 9_876_543_210L);
        assertEquals("{\"msgType\":\"Broadcast\",\"room\":\"room-1\",\"text\":\"b:0:10:9876543210\"}",
                buffer.toString(StandardCharsets.US_ASCII));
        buffer.release();
    }

    @Test
    void writesPrivateMessagesAndJoins() {
        ByteBuf buffer = OutgoingFrames.message(UnpooledByteBufAllocator.DEFAULT,
                OutgoingFrames.privateHead("r", "d0_3"), 'p', 1, 3, 0, 7);
        assertEquals("{\"msgType\":\"PrivateMessage\",\"room\":\"r\",\"TgtUser\":\"d0_3\",\"text\":\"p:1:3:0:7\"}",
                buffer.toString(StandardCharsets.US_ASCII));
        buffer.release();
        assertEquals("{\"msgType\":\"Join\",\"version\":1,\"room\":\"r\",\"nick\":\"n\",\"password\":null}",
                OutgoingFrames.join("r", "n"));
    }
}
