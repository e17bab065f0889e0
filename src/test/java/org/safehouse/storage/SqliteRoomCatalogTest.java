package org.safehouse.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.core.BanEntry;
import org.safehouse.core.MuteEntry;
import org.safehouse.core.RoomCatalog;
import org.safehouse.core.RoomRules;
import org.safehouse.core.ServerBan;
import org.safehouse.protocol.BanKind;
import org.safehouse.protocol.PostPolicy;

/**
 * The catalog keeps what an owner decided (rules with bans and mutes), the server secret and the operator's bans and
 * rotated passwords across a reopen, and reads a file from before rules existed.
 */
class SqliteRoomCatalogTest {
    private static final String OWNER = "aa".repeat(32);
    private static final String MODERATOR = "bb".repeat(32);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("history.db");
    }

    static RoomRules moderatedRules() {
        BanEntry keyBan = new BanEntry("b1", EnumSet.of(BanKind.KEY, BanKind.ADDRESS), Optional.of("cc".repeat(32)),
                Optional.empty(), Optional.of("dd".repeat(32)), "mallory", Optional.of("spam \"links\""), "ann",
                1_000L, OptionalLong.of(61_000L));
        BanEntry nickBan = new BanEntry("b2", EnumSet.of(BanKind.NICK), Optional.empty(), Optional.of("eve"),
                Optional.empty(), "Eve", Optional.empty(), "bob", 2_000L, OptionalLong.empty());
        MuteEntry mute = new MuteEntry(Optional.of("ee".repeat(32)), "troll", 99_000L, "bob");
        return RoomRules.DEFAULT.withTopic("plans ✓").withMaxMembers(12).withPostPolicy(PostPolicy.MODERATORS)
                .withHistoryForNewcomers(false).withOwnerKey(Optional.of(OWNER))
                .withOwnerPasswordHash(Optional.of("$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA"))
                .withModeratorKeys(Set.of(MODERATOR)).withBans(List.of(keyBan, nickBan)).withMutes(List.of(mute));
    }

    @Test
    void rulesWithBansAndMutesComeBackAfterAReopen() throws Exception {
        RoomRules rules = moderatedRules();
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            catalog.remember(new RoomCatalog.Entry("attic", "Attic", "Attic", Optional.empty(), false, rules));
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            List<RoomCatalog.Entry> entries = catalog.load();
            assertEquals(1, entries.size());
            assertEquals(rules, entries.get(0).rules());
        }
    }

    @Test
    void aFileFromBeforeRulesGainsTheColumnAndReadsAsDefaults() throws Exception {
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement sql = old.createStatement()) {
            sql.execute("CREATE TABLE room_catalog (room TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT NOT NULL,"
                    + " password_hash TEXT, require_encryption INTEGER NOT NULL)");
            sql.execute("INSERT INTO room_catalog VALUES ('attic', 'Attic', 'Attic', NULL, 1)");
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            RoomCatalog.Entry entry = catalog.load().get(0);
            assertEquals(RoomRules.DEFAULT, entry.rules());
            assertEquals("Attic", entry.name());
            catalog.remember(new RoomCatalog.Entry("attic", "Attic", "Attic", Optional.empty(), true,
                    moderatedRules()));
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            assertEquals(moderatedRules(), catalog.load().get(0).rules());
        }
    }

    @Test
    void rulesThisVersionCannotReadStopTheStartInsteadOfDroppingBans() throws Exception {
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            catalog.remember(new RoomCatalog.Entry("attic", "Attic", "Attic", Optional.empty(), false,
                    RoomRules.DEFAULT));
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement sql = raw.createStatement()) {
            sql.execute("UPDATE room_catalog SET rules = '{\"topic\":1}'");
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            assertThrows(IllegalStateException.class, catalog::load);
        }
    }

    @Test
    void theServerSecretIsCreatedOnceAndKept() throws Exception {
        byte[] first;
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            first = catalog.serverSecret();
            assertArrayEquals(first, catalog.serverSecret());
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            assertArrayEquals(first, catalog.serverSecret(), "address-ban digests must match after a restart");
        }
        try (SqliteRoomCatalog other = SqliteRoomCatalog.open(dir.resolve("other.db"))) {
            assertFalse(java.util.Arrays.equals(first, other.serverSecret()), "each server has its own secret");
        }
    }

    @Test
    void serverBansAndRotatedPasswordsOutliveAReopenUntilForgotten() throws Exception {
        ServerBan forever = new ServerBan("s1", "ab".repeat(32), Optional.of("abuse"), "cli", 5L, OptionalLong.empty());
        ServerBan forAnHour = new ServerBan("s2", "cd".repeat(32), Optional.empty(), "admin-api", 6L,
                OptionalLong.of(3_600_006L));
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            catalog.rememberServerBan(forever);
            catalog.rememberServerBan(forAnHour);
            catalog.rotatePassword("lobby", "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3");
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            assertEquals(List.of(forever, forAnHour), catalog.loadServerBans());
            assertEquals(Optional.of("$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3"),
                    catalog.rotatedPassword("lobby"));
            assertEquals(Optional.empty(), catalog.rotatedPassword("family"));
            catalog.forgetServerBan("s1");
        }
        try (SqliteRoomCatalog catalog = SqliteRoomCatalog.open(file())) {
            assertEquals(List.of(forAnHour), catalog.loadServerBans());
        }
    }
}
