package org.safehouse.bench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MemberListTest {

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void appliesPresenceAsSetOperationsOnJoinedUsers() {
        MemberList list = new MemberList('j', 100);
        byte[] joined = bytes("{\"msgType\":\"Joined\",\"room\":\"s\",\"nick\":\"j2\",\"users\":[\"j0\",\"j1\",\"j2\"]}");
        list.applyJoined(joined, joined.length, 1);
        // j2 again in "joined" is not a new arrival; j1 leaves; j70 and a foreign name arrive.
        byte[] presence = bytes("{\"msgType\":\"Presence\",\"room\":\"s\",\"joined\":[\"j2\",\"j70\",\"zed\"],"
                + "\"left\":[\"j1\"]}");
        list.applyPresence(presence, presence.length, 2);
        assertEquals(4, list.published());
        long[] expected = new long[2];
        expected[0] = 1L | 1L << 2;
        expected[1] = 1L << (70 - 64);
        assertFalse(list.matches(expected));
        byte[] zedLeaves = bytes("{\"msgType\":\"Presence\",\"room\":\"s\",\"joined\":[],\"left\":[\"zed\"]}");
        list.applyPresence(zedLeaves, zedLeaves.length, 3);
        assertTrue(list.matches(expected));
        assertEquals(3, list.lastChangeNanos);
    }
}
