package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * A room people run, in three real Chromium profiles (three people, three identity keys): the owner creates it by
 * joining first, makes a second person moderator, sets the topic and makes it an announcement room; the moderator
 * kicks and then bans the third by key. Each page shows only the controls its role may use, and the server refuses
 * what a member forges from the developer tools anyway.
 */
class ModerationIT {
    private static final String ROOM = "workshop";
    private static final String PASSWORD = "bring your own tools";

    @TempDir
    Path directory;

    // Three browsers join one after another; on a loaded machine that can outlast the default 10 s join timeout.
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"server_name": "Safehouse moderation test",
             "limits": {"presence_interval_ms": 50, "join_timeout_seconds": 120}}
            """);

    private ModerationPage browser(String name) {
        return ModerationPage.open(directory.resolve("profiles"), server.page(), name);
    }

    @Test
    void eachRoleSeesOnlyItsControlsAndTheServerEnforcesTheRolesAnyway() {
        try (ModerationPage ann = browser("ann"); ModerationPage bob = browser("bob");
             ModerationPage cy = browser("cy")) {
            ann.chat().join(ROOM, "ann", PASSWORD); // the first to join creates the room: ann's key owns it
            bob.chat().join(ROOM, "bob", PASSWORD);
            cy.chat().join(ROOM, "cy", PASSWORD);
            ann.chat().awaitUsers(List.of("ann", "bob", "cy"));
            ann.awaitRoleBadge("ann", "owner");
            cy.awaitRoleBadge("ann", "owner");

            ann.makeModerator("bob");
            bob.awaitRoleBadge("bob", "moderator");
            cy.awaitRoleBadge("bob", "moderator");

            ann.setTopic("Announcements only until the workshop starts");
            ann.setWhoMayPost("moderators");
            cy.awaitTopic("Announcements only until the workshop starts");
            bob.awaitTopic("Announcements only until the workshop starts");
            cy.chat().await("cy's composer to say only moderators may post",
                    d -> "Only moderators may post in this room.".equals(cy.chat().composerPlaceholder())
                            && !cy.chat().composerEnabled());
            assertFalse(cy.showsModerationControls(), "a member sees no settings and no member actions");
            assertTrue(bob.showsModerationControls(), "a moderator sees the member actions");

            // What the page hides, the server refuses: a forged room message and a forged kick from cy's devtools.
            cy.sendForgedFrame("{\"msgType\":\"Broadcast\",\"room\":\"" + ROOM
                    + "\",\"text\":\"forged announcement\",\"clientMsgId\":\"forged-1\"}");
            cy.chat().awaitNotice("only moderators may post in this room");
            cy.sendForgedFrame("{\"msgType\":\"Kick\",\"room\":\"" + ROOM + "\",\"nick\":\"bob\"}");
            cy.chat().awaitNotice("your role in this room does not allow that");
            bob.chat().send("Doors open at nine");
            ann.chat().awaitMessage("Doors open at nine");
            ann.chat().awaitUsers(List.of("ann", "bob", "cy"));
            assertTrue(ann.chat().messages().stream().noneMatch(m -> m.text().equals("forged announcement")),
                    "the forged announcement reached nobody: " + ann.chat().messages());

            ann.setWhoMayPost("everyone");
            cy.chat().await("cy's composer to work again", d -> cy.chat().composerEnabled());

            bob.kick("cy", "testing the door");
            cy.chat().awaitNotice("You were removed from workshop by bob");
            ann.chat().awaitNotice("cy was kicked by bob (moderator): testing the door");
            bob.chat().awaitNotice("cy was kicked by bob (moderator): testing the door");
            ann.chat().awaitUsers(List.of("ann", "bob"));

            // A kick is not a ban: cy comes back, and is then banned by key.
            cy.chat().driver().findElement(By.id("rejoin-room")).click();
            cy.chat().submitJoin(ROOM, "cy", PASSWORD).awaitRoomShown(ROOM);
            ann.chat().awaitUsers(List.of("ann", "bob", "cy"));
            bob.banByKey("cy", "second strike");
            cy.chat().awaitNotice("You were banned from workshop by bob");
            ann.chat().awaitNotice("cy was banned by bob (moderator): second strike");
            ann.chat().await("cy in the owner's ban list", d -> ann.bannedLabels().equals(List.of("cy")));

            // Same browser, same key, another nickname: still banned.
            cy.chat().driver().findElement(By.id("join-another")).click();
            cy.chat().submitJoin(ROOM, "cyrus", PASSWORD);
            cy.chat().awaitJoinError(Pattern.compile(".*banned from this room.*"));
            ann.chat().awaitUsers(List.of("ann", "bob"));
        }
    }

    @Test
    void theOwnerWipesTheRoomFromThePageAndNoPageKeepsItsMessages() {
        try (ModerationPage ann = browser("ann"); ModerationPage bob = browser("bob")) {
            ann.chat().join(ROOM, "ann", PASSWORD);
            bob.chat().join(ROOM, "bob", PASSWORD);
            ann.chat().send("canary before the wipe");
            bob.chat().awaitMessage("canary before the wipe");

            assertFalse(ann.wipeRoom("Workshop", "a brand new secret"), "the confirmation must be the name exactly");
            assertTrue(ann.wipeRoom(ROOM, "a brand new secret"));
            for (ModerationPage page : List.of(ann, bob)) {
                page.chat().awaitNotice("This room was wiped.");
                assertFalse(page.chat().allText().contains("canary before the wipe"),
                        "the page keeps nothing of the wiped room's messages");
            }

            bob.chat().driver().findElement(By.id("rejoin-room")).click();
            bob.chat().submitJoin(ROOM, "bob", PASSWORD);
            bob.chat().awaitJoinError("Wrong password for this room.");
            bob.chat().submitJoin(ROOM, "bob", "a brand new secret").awaitRoomShown(ROOM);
            assertTrue(bob.chat().messages().isEmpty(), "the server kept nothing either: " + bob.chat().messages());
        }
    }
}
