package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.browser.ChatPage.Message;

/**
 * One person on two browsers, linked by a one-time code, and a third person writing to them, in real Chromium (each
 * a fresh profile) against the WAR run with {@code java -jar}. Bob's page records the private messages it sends
 * (a script run before the page's own), so the test sees how many copies, for which devices, went out.
 */
class MultiDeviceIT {
    private static final String PASSWORD = "two screens one person";
    private static final String RECORD_PRIVATE_MESSAGES = """
            window.__privateCopies = [];
            const send = WebSocket.prototype.send;
            WebSocket.prototype.send = function (data) {
                try {
                    const frame = JSON.parse(data);
                    if (frame.msgType === 'PrivateMessage') window.__privateCopies.push(frame.TgtDevice || '');
                } catch (ignored) { /* not JSON: not ours to record */ }
                return send.call(this, data);
            };
            """;

    @TempDir
    Path directory;
    @RegisterExtension
    final TestServer server = TestServer.forEachTest("""
                {"server_name": "Safehouse devices test", "limits": {"presence_interval_ms": 50,
                 "join_timeout_seconds": 120}}
                """);

    private URI page() {
        return server.page();
    }

    /**
     * alice's laptop joins and links her phone by a pasted code, and the phone joins under the same nickname (the
     * server sees the same person). @return the code
     */
    private static String linkPhoneByCode(ChatPage laptop, ChatPage phone) {
        laptop.join("hideout", "alice", PASSWORD);
        String code = DevicesPanel.of(laptop).linkNewDevice("phone");
        DevicesPanel.of(phone).useCode(code);
        phone.join("hideout", "alice", PASSWORD);
        return code;
    }

    private static String unique(String label) {
        return label + "-" + UUID.randomUUID();
    }

    @SuppressWarnings("unchecked")
    private static List<String> copiesSent(ChatPage page) {
        return (List<String>) page.script("return window.__privateCopies.slice();");
    }

    @SuppressWarnings("unchecked")
    private static List<String> peopleLabels(ChatPage page) {
        return (List<String>) page.script(
                "return [...document.querySelectorAll('#user-list .user-label')].map(label => label.textContent);");
    }

    /** bob joins the room, and his people list shows alice with her two devices. */
    private static void joinSeeingAlicesTwoDevices(ChatPage bob) {
        bob.join("hideout", "bob", PASSWORD);
        bob.await("bob's people list to show alice's two devices (it shows " + peopleLabels(bob) + ")",
                d -> peopleLabels(bob).contains("2 devices"));
    }

    @Test
    void aLinkedSecondBrowserGetsEveryMessageAndStopsGettingThemOnceUnlinked() {
        String toBoth = unique("to-both-devices");
        String reply = unique("reply-from-the-phone");
        String afterUnlink = unique("after-unlink");
        Path profiles = directory.resolve("profiles");
        try (ChatPage laptop = ChatPage.open(profiles, page(), "alice-laptop");
             ChatPage phone = ChatPage.open(profiles, page(), "alice-phone");
             ChatPage bob = ChatPage.openWithScript(profiles, page(), "bob", RECORD_PRIVATE_MESSAGES)) {
            linkPhoneByCode(laptop, phone);
            DevicesPanel.of(laptop).awaitDevices(List.of("first device", "phone"));

            joinSeeingAlicesTwoDevices(bob);
            bob.awaitUsers(List.of("alice", "bob"));
            bob.openConversation("alice");
            bob.awaitSecurityLine("End-to-end encrypted");
            bob.send(toBoth);
            assertEquals(2, copiesSent(bob).size(), "one copy per device of alice: " + copiesSent(bob));
            assertEquals(2, copiesSent(bob).stream().distinct().count(), "to two different devices");
            for (ChatPage device : List.of(laptop, phone)) {
                Message read = device.showConversation("hideout", "bob").awaitMessage(toBoth);
                assertEquals("bob", read.sender());
                assertFalse(read.own());
            }

            phone.send(reply);
            assertEquals("alice", bob.awaitMessage(reply).sender());
            Message mirrored = laptop.awaitMessage(reply);
            assertTrue(mirrored.own(), "the reply from the phone shows on the laptop as alice's own");

            DevicesPanel.of(laptop).unlink("phone");
            bob.await("bob's people list to show alice with one device (it shows " + peopleLabels(bob) + ")",
                    d -> !peopleLabels(bob).contains("2 devices"));
            int before = copiesSent(bob).size();
            bob.send(afterUnlink);
            assertEquals(1, copiesSent(bob).size() - before, "after the unlink, one copy: the laptop's");
            laptop.awaitMessage(afterUnlink);
            phone.showRoom("hideout");
            phone.awaitNotice("This browser was unlinked");
            assertFalse(phone.allLogsText().contains(afterUnlink), "the unlinked phone never shows it");
        }
    }

    /**
     * Bob's page after a reload knows alice only from what it stored (her pin, her newest device list): it still writes
     * to both of her devices while both are away, opens what her second device kept for him, and announces only
     * that one as new, not the message the server delivers again.
     */
    @Test
    void aReloadedPageWritesToEveryDeviceOfSomeoneAwayAndAnnouncesOnlyWhatIsNew() {
        String readBefore = unique("read-before-bob-left");
        String fromThePhone = unique("from-the-phone-while-bob-was-away");
        String toBothAway = unique("to-both-devices-while-away");
        Path profiles = directory.resolve("profiles");
        try (ChatPage laptop = ChatPage.open(profiles, page(), "alice-laptop");
             ChatPage phone = ChatPage.open(profiles, page(), "alice-phone");
             ChatPage bob = ChatPage.openWithScript(profiles, page(), "bob", RECORD_PRIVATE_MESSAGES)) {
            linkPhoneByCode(laptop, phone);
            DevicesPanel.of(laptop).awaitDevices(List.of("first device", "phone"));
            joinSeeingAlicesTwoDevices(bob);

            phone.openConversation("bob");
            phone.awaitSecurityLine("End-to-end encrypted");
            phone.send(readBefore);
            bob.showConversation("hideout", "alice").awaitMessage(readBefore);

            bob.leavePageAndReturn(page()); // the same profile: what bob's page stored, nothing it held in memory
            phone.await("bob away", d -> phone.users().equals(List.of("alice")));
            phone.send(fromThePhone);
            phone.await("the message shown as queued", d -> phone.messageLabels(fromThePhone).stream()
                    .anyMatch(label -> label.startsWith("queued")));
            laptop.leavePageAndReturn(page());
            phone.leavePageAndReturn(page());

            bob.join("hideout", "bob", PASSWORD);
            bob.await("alice away", d -> bob.users().equals(List.of("bob")));
            bob.await("both kept messages delivered", d -> bob.allLogsText().contains(fromThePhone)
                    && bob.allLogsText().contains(readBefore));
            assertEquals(1, bob.unreadInRoomList(ChatPage.conversationView("hideout", "alice")),
                    "only the message from the phone is new; the one read before the reload is not announced again");
            bob.showConversation("hideout", "alice");
            assertEquals(List.of("end-to-end encrypted"), bob.messageLabels(fromThePhone),
                    "the copy of alice's second device opens though bob's page has not seen her since it loaded");
            assertEquals(List.of(), bob.warnings());

            bob.await("the composer open for a message that waits", d -> bob.composerEnabled());
            bob.send(toBothAway);
            bob.await("two copies sent", d -> copiesSent(bob).size() >= 2);
            assertEquals(2, copiesSent(bob).size(), "one copy per device of alice: " + copiesSent(bob));
            assertEquals(2, copiesSent(bob).stream().filter(device -> !device.isEmpty()).distinct().count(),
                    "to two different devices, each named");
            for (ChatPage device : List.of(laptop, phone)) {
                device.join("hideout", "alice", PASSWORD);
                Message read = device.showConversation("hideout", "bob").awaitMessage(toBothAway);
                assertEquals("bob", read.sender());
            }
        }
    }

    /**
     * The link code as a QR code: the laptop draws it, the phone's camera (Chromium's fake camera, fed the picture the
     * laptop shows) reads it under "Scan a code", and the phone is then one of alice's devices: it reads what bob
     * writes to alice.
     */
    @Test
    void aSecondBrowserScansTheLinkCodeOffTheFirstOnesScreenAndThenReadsWhatIsWrittenToThePerson() {
        String toAlice = unique("to-the-scanned-phone");
        Path profiles = directory.resolve("profiles");
        Path camera = directory.resolve("camera.y4m");
        try (ChatPage laptop = ChatPage.open(profiles, page(), "alice-laptop");
             ChatPage phone = ChatPage.openWithScript(profiles, page(), "alice-phone", null,
                     FakeCamera.arguments(camera));
             ChatPage bob = ChatPage.openWithScript(profiles, page(), "bob", RECORD_PRIVATE_MESSAGES)) {
            laptop.join("hideout", "alice", PASSWORD);
            String code = DevicesPanel.of(laptop).linkNewDevice("phone");
            String picture = DevicesPanel.of(laptop).linkQrPicture();
            assertTrue(picture != null && picture.startsWith("data:image/gif;base64,"),
                    "the laptop draws the " + code.length() + "-character code as a QR code: " + laptop.pageText());
            FakeCamera.showImage(picture, camera); // the phone's camera now films the laptop's screen

            DevicesPanel.of(phone).scanCode();
            phone.join("hideout", "alice", PASSWORD);
            DevicesPanel.of(laptop).awaitDevices(List.of("first device", "phone"));
            DevicesPanel.of(phone).awaitDevices(List.of("first device", "phone"));

            joinSeeingAlicesTwoDevices(bob);
            bob.openConversation("alice");
            bob.awaitSecurityLine("End-to-end encrypted");
            bob.send(toAlice);
            bob.await("two copies sent", d -> copiesSent(bob).size() >= 2);
            assertEquals(2, copiesSent(bob).stream().distinct().count(), "one copy per device: " + copiesSent(bob));
            Message read = phone.showConversation("hideout", "bob").awaitMessage(toAlice);
            assertEquals("bob", read.sender());
            laptop.showConversation("hideout", "bob").awaitMessage(toAlice);
        }
    }

    @Test
    void aCopyOfALinkCodeUsedWhileItsDeviceIsInTheRoomDoesNotGetIn() {
        Path profiles = directory.resolve("profiles");
        try (ChatPage laptop = ChatPage.open(profiles, page(), "alice-laptop");
             ChatPage phone = ChatPage.open(profiles, page(), "alice-phone");
             ChatPage thief = ChatPage.open(profiles, page(), "thief")) {
            String code = linkPhoneByCode(laptop, phone);
            DevicesPanel.of(thief).useCode(code); // a copy seen over the shoulder, used at once
            thief.submitJoin("hideout", "alice", PASSWORD);
            String refused = thief.awaitJoinError();
            assertTrue(refused.contains("already uses that nickname"),
                    "the thief's join is refused: " + refused);
            DevicesPanel.of(laptop).awaitDevices(List.of("first device", "phone"));
        }
    }
}
