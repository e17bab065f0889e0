package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class AddressGroupsTest {
    @Test
    void ipv4AddressesAreTheirOwnGroup() {
        assertEquals("203.0.113.7", AddressGroups.of("203.0.113.7"));
        assertNotEquals(AddressGroups.of("203.0.113.7"), AddressGroups.of("203.0.113.8"));
    }

    @Test
    void ipv6AddressesInOneSlash64AreOneGroup() {
        String a = AddressGroups.of("2001:db8:1:2:aaaa::1");
        String b = AddressGroups.of("[2001:0db8:0001:0002:ffff:ffff:ffff:ffff]");
        assertEquals("2001:db8:1:2::/64", a);
        assertEquals(a, b);
        assertNotEquals(a, AddressGroups.of("2001:db8:1:3::1"));
        assertEquals(a, AddressGroups.of("2001:db8:1:2::5%eth0"));
    }

    @Test
    void mappedIpv4CountsAsIpv4AndNamesAreNotResolved() {
        assertEquals("192.0.2.1", AddressGroups.of("::ffff:192.0.2.1"));
        assertEquals("unknown", AddressGroups.of(null));
        assertEquals("some.host", AddressGroups.of("Some.Host"));
    }
}
