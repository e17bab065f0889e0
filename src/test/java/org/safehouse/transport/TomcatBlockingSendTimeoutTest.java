package org.safehouse.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The user property that bounds Tomcat's blocking control-frame sends (see docs/PERFORMANCE.md). */
class TomcatBlockingSendTimeoutTest {
    @Test
    void isALongOfAQuarterSecond() {
        // Tomcat reads the property only when it is a Long; an Integer would leave its 20 s default in place.
        Object value = SafehouseRuntime.CONTROL_FRAME_SEND_MILLIS;
        assertEquals(Long.class, value.getClass());
        assertEquals(250L, value);
        assertEquals("org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT", SafehouseRuntime.TOMCAT_BLOCKING_SEND_TIMEOUT);
    }
}
