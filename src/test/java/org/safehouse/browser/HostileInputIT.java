package org.safehouse.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.safehouse.testing.WsTestClient;

/**
 * Hostile input renders inert. Mallory, with a script instead of the page, takes a nickname made of HTML and sends
 * texts full of markup, script, fake links and bidi tricks; Alice's page shows every one exactly as sent, creates no
 * element from any of them, runs none of them, links only the real http URL (safely), and keeps Mallory's name
 * plain in the people list, the room list and the log. A nickname with a bidi override is refused at the form,
 * with the server's reason shown plainly and the form left as typed.
 */
class HostileInputIT {
    /** 29 characters: within the 32 the server allows, and nothing in it is a control or format character. */
    private static final String MALLORY = "<img src=x onerror=__pwned=1>";
    private static final String REVERSED_NICK = "alice\u202Etxt.exe";
    private static final String LINK_TEXT = "read http://example.invalid/<b>bold</b> now";
    private static final List<String> TEXTS = List.of(
            "<img src=x onerror=\"window.__pwned=1\">",
            "<script>window.__pwned=2</script>",
            "\"><svg onload=\"window.__pwned=3\">",
            "javascript:alert(1)",
            LINK_TEXT,
            "price \u202E1.00$\u202C then \u2066isolated\u2069 \u2067rtl\u2069 \u2068first strong\u2069 end",
            "&lt;b&gt;entities&lt;/b&gt; &amp; <!-- comment --> <iframe src=\"javascript:window.__pwned=4\"></iframe>",
            "<a href=\"javascript:window.__pwned=5\">click me</a> <style>body{display:none}</style>");
    private static final String PRIVATE_TEXT = "<img src=x onerror=\"window.__pwned=6\"> psst";
    private static final String OWN_TEXT = "<script>window.__pwned=7</script> <b>not bold</b>";
    private static final String ACTIVE_ELEMENTS = String.join(", ", elementsIn("#logs"), elementsIn("#user-list"),
            elementsIn("#room-list"), elementsIn("#chat-view header"));

    @TempDir
    Path directory;

    @RegisterExtension
    final TestServer server = TestServer.gardenForEachTest();

    @Test
    void aNicknameWithABidiOverrideIsRefusedAtTheFormWithTheReasonShownPlainly() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice")) {
            alice.submitJoin("garden", REVERSED_NICK, "tulips in spring");
            alice.awaitJoinError("That nickname is not allowed: use 1 to 32 characters, without control, invisible or "
                    + "direction-changing ones.");
            assertEquals(REVERSED_NICK, alice.fieldValue("join-nick"), "the nickname is kept as typed");
            assertEquals("garden", alice.fieldValue("join-room"));
            assertEquals("tulips in spring", alice.fieldValue("join-password"));

            alice.join("garden", "alice", "tulips in spring");
            alice.awaitUsers(List.of("alice"));
        }
    }

    @Test
    void markupScriptFakeLinksAndBidiTricksAreShownAsTextAndNothingRuns() {
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             WsTestClient mallory = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            mallory.joinAndWait("garden", MALLORY, "tulips in spring");
            alice.awaitUsers(List.of(MALLORY, "alice"));
            alice.awaitNotice(MALLORY + " joined");

            for (String text : TEXTS) {
                mallory.broadcast("garden", text);
            }
            alice.send(OWN_TEXT);
            List<String> expected = new ArrayList<>(TEXTS);
            expected.add(OWN_TEXT);
            alice.await("every text shown", d -> alice.exactTexts().size() == expected.size());
            assertEquals(expected, alice.exactTexts(), "each text is shown exactly as sent");
            assertTrue(alice.messages().subList(0, TEXTS.size()).stream().allMatch(m -> m.sender().equals(MALLORY)),
                    "the sender is shown as Mallory's nickname, as text: " + alice.messages());

            assertEquals(List.of(), alice.linksInMessage("javascript:alert(1)"), "a javascript: text is no link");
            List<Map<String, String>> links = alice.linksInMessage(LINK_TEXT);
            assertEquals(1, links.size(), "only the http URL is a link: " + links);
            Map<String, String> link = links.get(0);
            assertEquals("http://example.invalid/", link.get("href"), "the link stops where the markup starts");
            assertEquals("http://example.invalid/", link.get("text"));
            List<String> rel = List.of(link.get("rel").split("\\s+"));
            assertTrue(rel.contains("noopener") && rel.contains("noreferrer"), "rel is " + link.get("rel"));
            assertEquals(List.of(), alice.linksInMessage(TEXTS.get(7)), "an <a> in a text stays text");

            mallory.privateMessage("garden", "alice", PRIVATE_TEXT);
            alice.await("the private conversation with Mallory in the room list",
                    d -> alice.unreadInRoomList(ChatPage.conversationView("garden", MALLORY)) == 1);
            alice.showConversation("garden", MALLORY);
            alice.awaitMessage(PRIVATE_TEXT);
            assertEquals(List.of(PRIVATE_TEXT), alice.exactTexts());

            assertEquals(0, alice.count(ACTIVE_ELEMENTS), "no element was made from anyone's text or name");
            assertEquals(0, alice.count("body [onerror], body [onload], body [style]"),
                    "no event handler or style attribute anywhere");
            assertEquals("undefined", alice.script("return typeof window.__pwned;"), "no injected code ran");
            assertTrue(alice.pageText().contains(MALLORY), "Mallory's name is shown as text");
        }
    }

    @Test
    void namesAndTextsAreBidiIsolatedSoAnOverrideCannotDisguiseALinkOrAName() {
        String hebrew = "\u05d0\u05d1\u05d9"; // a right-to-left nickname, which is allowed
        String overridden = "see \u202Egnp.exe http://example.invalid/x then";
        try (ChatPage alice = ChatPage.open(directory.resolve("profiles"), server.page(), "alice");
             WsTestClient avi = server.connect()) {
            alice.join("garden", "alice", "tulips in spring");
            avi.joinAndWait("garden", hebrew, "tulips in spring");
            alice.awaitUsers(List.of("alice", hebrew));
            alice.awaitNotice(hebrew + " joined");
            avi.broadcast("garden", overridden);
            alice.awaitMessage(overridden);
            assertEquals(Map.of("senders", true, "texts", true, "links", true, "people", true, "notice", true),
                    alice.script("""
                    const senders = [...document.querySelectorAll('#logs .message-sender')];
                    const texts = [...document.querySelectorAll('#logs .message-text')];
                    const links = [...document.querySelectorAll('#logs .message-text a')];
                    const people = [...document.querySelectorAll('#user-list .user')];
                    const notice = [...document.querySelectorAll('#logs .notice-text')]
                        .find(n => n.textContent.endsWith(' joined'));
                    return {
                      senders: senders.length > 0 && senders.every(s => s.tagName === 'BDI'),
                      texts: texts.length > 0 && texts.every(t => t.getAttribute('dir') === 'auto'),
                      links: links.length === 1 && links[0].getAttribute('dir') === 'ltr',
                      people: people.length === 2 && people.every(p => p.querySelector('bdi') !== null),
                      notice: notice.firstChild.nodeName === 'BDI'
                          && notice.querySelector('bdi.name').textContent === arguments[0],
                    };
                    """, hebrew), "names in <bdi>, texts dir=auto, links dir=ltr, a name in a notice isolated");
            assertEquals("http://example.invalid/x", alice.linksInMessage(overridden).get(0).get("text"),
                    "the override before the link does not reach into it");
        }
    }

    private static String elementsIn(String container) {
        return String.join(", ", List.of("img", "script", "svg", "iframe", "style", "object", "embed", "b")
                .stream().map(tag -> container + " " + tag).toList());
    }
}
