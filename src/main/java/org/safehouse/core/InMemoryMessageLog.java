package org.safehouse.core;

import java.time.Clock;
import java.util.Optional;
import java.util.function.LongFunction;
import org.safehouse.delivery.Broker;
import org.safehouse.delivery.OutboundFrame;
import org.safehouse.delivery.Subscriber;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.protocol.SealedBody;
import org.safehouse.protocol.ServerFrame;

/**
 * The single-node {@link MessageLog}: ids from {@link Snowflakes}, the room's {@link RoomHistory}, and the
 * {@link Broker} for fan-out, on the caller's thread (under the room's monitor, as today's path always was); a resend
 * is recognised in the room's history window, and every callback runs at once. Thread-safe.
 */
final class InMemoryMessageLog implements MessageLog {
    private final Snowflakes ids;
    private final Clock clock;
    private final Broker broker;
    private final JsonCodec codec;

    InMemoryMessageLog(Snowflakes ids, Clock clock, Broker broker, JsonCodec codec) {
        this.ids = ids;
        this.clock = clock;
        this.broker = broker;
        this.codec = codec;
    }

    @Override
    public long nextId() {
        return ids.next();
    }

    @Override
    public void append(Room room, String sender, String text, Optional<SealedBody> sealed,
                       Optional<String> clientKey, Appended done) {
        Optional<ServerFrame.Broadcast> earlier = clientKey.flatMap(room.history()::byClientKey);
        if (earlier.isPresent()) {
            done.resent(earlier.get());
            return;
        }
        ServerFrame.Broadcast message = new ServerFrame.Broadcast(ids.next(), room.name(), clock.millis(), sender,
                text, sealed);
        OutboundFrame encoded = OutboundFrame.of(codec.encode(message));
        room.history().append(message, clientKey, encoded.utf8Bytes());
        broker.publish(room.topic(), encoded);
        done.appended(message);
    }

    @Override
    public void publishNumbered(Room room, LongFunction<ServerFrame> frame) {
        publish(room.topic(), frame.apply(ids.next()));
    }

    @Override
    public void publish(String topic, ServerFrame frame) {
        broker.publish(topic, OutboundFrame.of(codec.encode(frame)));
    }

    @Override
    public void subscribe(String topic, Subscriber subscriber) {
        broker.subscribe(topic, subscriber);
    }

    @Override
    public void unsubscribe(String topic, Subscriber subscriber) {
        broker.unsubscribe(topic, subscriber);
    }
}
