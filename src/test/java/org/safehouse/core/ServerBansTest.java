package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.CloseCode;
import org.safehouse.testing.ChatHarness;
import org.safehouse.testing.FakeClient;

/** Server-wide address bans: 4008 at open and for live connections of the group, expiry, lifting, what a ban covers. */
class ServerBansTest {
    private final ChatHarness chat = ChatHarness.start("{}");
    private final ServerOperator operator = chat.server().operator();

    @Test
    void aBanClosesTheGroupsLiveConnectionsAndRefusesItsNewOnesOnly() throws Exception {
        FakeClient banned = chat.connect("203.0.113.7");
        banned.expectJoined("lobby", "mallory");
        FakeClient neighbour = chat.connect("203.0.113.8");
        neighbour.expectJoined("lobby", "ann");

        ServerBan ban = operator.banAddress("203.0.113.7", OptionalLong.empty(), Optional.of("abuse"), "admin-api");

        assertEquals(CloseCode.ADDRESS_BANNED, banned.closedWith());
        assertNull(neighbour.closedWith(), "another address is not touched");
        assertEquals(CloseCode.ADDRESS_BANNED, chat.open("203.0.113.7").closedWith());
        assertEquals(CloseCode.ADDRESS_BANNED, chat.open("::ffff:203.0.113.7", true).closedWith(),
                "the same address as IPv4-mapped IPv6, from a Ragnarok client");
        assertNull(chat.open("203.0.113.9").closedWith());
        assertEquals(List.of(ban), operator.listBans());
        assertFalse(ban.toString().contains("203.0.113.7"));
    }

    @Test
    void anIpv6BanCoversTheWholeSlash64() throws Exception {
        FakeClient live = chat.connect("2001:db8:1:2::55");
        operator.banAddress("2001:db8:1:2::/64", OptionalLong.empty(), Optional.empty(), "cli");
        assertEquals(CloseCode.ADDRESS_BANNED, live.closedWith());
        assertEquals(CloseCode.ADDRESS_BANNED, chat.open("2001:db8:1:2:ffff::1").closedWith());
        assertNull(chat.open("2001:db8:1:3::1").closedWith());
    }

    @Test
    void aTimedBanEndsAndALiftedBanLetsTheGroupBackAtOnce() throws Exception {
        operator.banAddress("198.51.100.1", OptionalLong.of(60_000), Optional.empty(), "admin-api");
        ServerBan forever = operator.banAddress("198.51.100.2", OptionalLong.empty(), Optional.empty(), "admin-api");
        chat.tickAfter(59_999);
        assertEquals(CloseCode.ADDRESS_BANNED, chat.open("198.51.100.1").closedWith());
        chat.tickAfter(1);
        assertNull(chat.open("198.51.100.1").closedWith(), "the ban ended");
        assertEquals(List.of(forever), operator.listBans());

        assertTrue(operator.unban(forever.id(), "admin-api"));
        assertFalse(operator.unban(forever.id(), "admin-api"), "an unknown id lifts nothing");
        assertNull(chat.open("198.51.100.2").closedWith());
    }

    @Test
    void aBanCoversOneAddressGroupNeverABlockOrAName() {
        for (String target : List.of("10.0.0.0/8", "2001:db8::/48", "chat.example.org", "", "10.0.0.1/33")) {
            assertThrows(ServerOperator.Refused.class,
                    () -> operator.banAddress(target, OptionalLong.empty(), Optional.empty(), "cli"), target);
        }
        assertTrue(operator.listBans().isEmpty());
    }

    @Test
    void banningAGroupAgainReplacesItsBan() throws Exception {
        operator.banAddress("192.0.2.1", OptionalLong.of(60_000), Optional.empty(), "cli");
        ServerBan longer = operator.banAddress("192.0.2.1/32", OptionalLong.empty(), Optional.of("again"), "cli");
        assertEquals(List.of(longer), operator.listBans());
        chat.tickAfter(60_000);
        assertEquals(CloseCode.ADDRESS_BANNED, chat.open("192.0.2.1").closedWith());
    }
}
