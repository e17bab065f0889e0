package org.safehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.safehouse.protocol.PostPolicy;
import org.safehouse.protocol.Role;

/** A room's rules: who holds which role by key, when the room counts as owned, and the limits they keep. */
class RoomRulesTest {

    @Test
    void rolesFollowKeysAndNobodyWithoutAKeyIsMoreThanAMember() {
        RoomRules rules = RoomRules.DEFAULT.withOwnerKey(Optional.of("aa")).withModeratorKeys(Set.of("bb"));
        assertEquals(Role.OWNER, rules.roleOfKey(Optional.of("aa")));
        assertEquals(Role.MODERATOR, rules.roleOfKey(Optional.of("bb")));
        assertEquals(Role.MEMBER, rules.roleOfKey(Optional.of("cc")));
        assertEquals(Role.MEMBER, rules.roleOfKey(Optional.empty()));
    }

    @Test
    void aRoomIsOwnedByAKeyOrAnOwnerPasswordAndOtherwiseNot() {
        assertFalse(RoomRules.DEFAULT.owned());
        assertTrue(RoomRules.DEFAULT.withOwnerKey(Optional.of("aa")).owned());
        assertTrue(RoomRules.DEFAULT.withOwnerPasswordHash(Optional.of("$argon2id$...")).owned());
    }

    @Test
    void withersChangeOnlyTheirField() {
        RoomRules rules = RoomRules.DEFAULT.withTopic("plans").withMaxMembers(5)
                .withPostPolicy(PostPolicy.MODERATORS).withHistoryForNewcomers(false);
        assertEquals("plans", rules.topic());
        assertEquals(5, rules.maxMembers());
        assertEquals(PostPolicy.MODERATORS, rules.postPolicy());
        assertFalse(rules.historyForNewcomers());
        assertEquals(RoomRules.DEFAULT.withTopic("other").maxMembers(), 0);
    }

    @Test
    void limitsAreKeptAndSecretsStayOutOfLogs() {
        Set<String> many = new HashSet<>();
        for (int i = 0; i <= RoomRules.MAX_MODERATORS; i++) {
            many.add("key" + i);
        }
        assertThrows(IllegalArgumentException.class, () -> RoomRules.DEFAULT.withModeratorKeys(many));
        assertThrows(IllegalArgumentException.class,
                () -> RoomRules.DEFAULT.withMaxMembers(RoomRules.MAX_MEMBERS_LIMIT + 1));
        String logged = RoomRules.DEFAULT.withOwnerPasswordHash(Optional.of("$argon2id$secret"))
                .withOwnerKey(Optional.of("feedface")).toString();
        assertFalse(logged.contains("argon2id") || logged.contains("feedface"), logged);
    }
}
