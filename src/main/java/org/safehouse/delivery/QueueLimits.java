package org.safehouse.delivery;

/**
 * Bounds of one connection's {@link OutboundQueue}.
 *
 * @param maxBytes  most UTF-8 bytes waiting (not counting the one frame in flight)
 * @param maxFrames most frames waiting
 */
public record QueueLimits(long maxBytes, int maxFrames) {
    public QueueLimits {
        if (maxBytes <= 0 || maxFrames <= 0) {
            throw new IllegalArgumentException("queue limits must be positive");
        }
    }
}
