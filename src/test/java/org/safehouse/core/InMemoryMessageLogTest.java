package org.safehouse.core;

import org.safehouse.delivery.InMemoryBroker;
import org.safehouse.protocol.JsonCodec;
import org.safehouse.testing.MutableClock;

class InMemoryMessageLogTest extends MessageLogContract {
    @Override
    protected MessageLog newLog(MutableClock clock) {
        return new InMemoryMessageLog(new Snowflakes(clock, 0), clock, new InMemoryBroker(), new JsonCodec());
    }
}
