package org.safehouse.core;

import org.safehouse.config.Limits;

/**
 * How large the frames the server builds may be, derived from the limits: every frame to one connection waits in its
 * outbound queue ({@code limits.outbound_queue_bytes}), and a frame larger than the queue would close the connection
 * with 4002 however fast it reads. Lists that grow with what others do (history, member lists) are split into frames
 * of at most {@link #frameBytes}, and everything a join answers at once stays under {@link #replyBytes}.
 *
 * @param frameBytes most UTF-8 bytes in one frame that carries a list: a quarter of the queue, at most
 *                   {@value #CLIENT_FRAME_BYTES} (what Python's websockets, Ragnarok's library, accepts by default), and
 *                   never less than one message of {@code max_text_chars} characters (a list frame always carries at
 *                   least one element, so such a message is sent alone)
 * @param replyBytes most bytes of list frames a join answers with at once (history, member list): half the queue, and
 *                   at least one frame; what does not fit is fetched by the client (History paging)
 */
public record FrameBudget(int frameBytes, long replyBytes) {
    /** Python websockets' default max_size: the largest message a Ragnarok client takes without configuration. */
    public static final int CLIENT_FRAME_BYTES = 1024 * 1024;
    /** Room and nickname (escaped), id, timestamp and the field names of one Broadcast, generously. */
    private static final int BROADCAST_OVERHEAD_BYTES = 2048;

    public static FrameBudget of(Limits limits) {
        long frame = Math.min(limits.outboundQueueBytes() / 4, CLIENT_FRAME_BYTES);
        frame = Math.max(frame, largestMessageBytes(limits.maxTextChars()));
        long reply = Math.max(limits.outboundQueueBytes() / 2, frame);
        return new FrameBudget((int) Math.min(frame, Integer.MAX_VALUE), reply);
    }

    /**
     * The largest Broadcast accepted text can make: four UTF-8 bytes a code point (characters outside the BMP; the
     * control characters that JSON escapes to six bytes are refused as {@code bad_text}, tab and newline take two).
     */
    public static long largestMessageBytes(int maxTextChars) {
        return (long) maxTextChars * 4 + BROADCAST_OVERHEAD_BYTES;
    }
}
