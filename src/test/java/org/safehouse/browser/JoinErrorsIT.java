package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.WsTestClient;

/**
 * A join the server refuses is explained in plain words next to the form, and the form keeps what was typed, so
 * fixing one field is enough: wrong password, nickname taken (ignoring case), room full, and too many wrong
 * passwords (the Join button then waits as long as the server asked).
 */
class JoinErrorsIT {
    @TempDir
    Path directory;

    // Two wrong passwords from an address, then one a minute: the third wrong try is throttled for about 60 s.
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
            {"rooms": [{"name": "garden", "title": "The garden", "password": "tulips in spring"},
                       {"name": "attic", "title": "The attic", "password": "dusty boxes", "max_members": 1}],
             "limits": {"presence_interval_ms": 50, "wrong_password_burst_per_address": 2,
                        "wrong_passwords_per_minute_per_address": 1}}
            """);

    @Test
    void nameTakenAndRoomFullAreExplainedAndTheFormStaysFilled() {
        try (ChatPage page = ChatPage.open(directory.resolve("profiles"), server.page(), "visitor");
             WsTestClient bob = server.connect()) {
            bob.joinAndWait("garden", "bob", "tulips in spring");
            bob.joinAndWait("attic", "bob", "dusty boxes");

            page.submitJoin("garden", "Bob", "tulips in spring");
            page.awaitJoinError("Someone in this room already uses that nickname. Choose another one.");
            assertForm(page, "garden", "Bob", "tulips in spring");

            page.submitJoin("attic", "carol", "dusty boxes");
            page.awaitJoinError("This room is full.");
            assertForm(page, "attic", "carol", "dusty boxes");

            page.join("garden", "carol", "tulips in spring");
            page.awaitUsers(List.of("bob", "carol"));
        }
    }

    @Test
    void wrongPasswordsAreExplainedUntilTheServerThrottlesThemAndTheButtonWaits() {
        try (ChatPage page = ChatPage.open(directory.resolve("profiles"), server.page(), "visitor")) {
            page.submitJoin("garden", "carol", "tulips in autumn");
            page.awaitJoinError("Wrong password for this room.");
            assertForm(page, "garden", "carol", "tulips in autumn");

            // Another wrong try: the burst of two is spent, still a plain wrong password.
            page.submitJoin("garden", "carol", "tulips in winter");
            page.awaitJoinError("Wrong password for this room.");

            page.submitJoin("garden", "carol", "tulips in summer");
            Pattern throttled = Pattern.compile(
                    "Too many wrong passwords were tried recently\\. Try again in \\d+ s\\.");
            page.awaitJoinError(throttled);
            assertForm(page, "garden", "carol", "tulips in summer");
            assertFalse(page.joinButtonEnabled(), "Join waits while the server asked to wait");

            page.submitJoin("garden", "carol", "tulips in spring");
            assertTrue(throttled.matcher(page.awaitJoinError()).matches(), "still waiting: " + page.awaitJoinError());
            assertTrue(page.driver().findElement(org.openqa.selenium.By.id("join-form")).isDisplayed(),
                    "a click on the waiting button joins nothing");
        }
    }

    private static void assertForm(ChatPage page, String room, String nick, String password) {
        assertEquals(room, page.fieldValue("join-room"), "the room field keeps its value");
        assertEquals(nick, page.fieldValue("join-nick"), "the nickname field keeps its value");
        assertEquals(password, page.fieldValue("join-password"), "the password field keeps its value");
        assertTrue(page.driver().findElement(org.openqa.selenium.By.id("join-form")).isDisplayed());
    }
}
