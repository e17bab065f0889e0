package org.safehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person using the bundled web page, driven through what they see: the join form, the composer, the visible log,
 * the people list and the room list. Reads go through the DOM's text, exactly as a reader would see it. Every wait
 * has a deadline and its failure names what was awaited and what the page showed instead.
 */
public final class ChatPage implements AutoCloseable {
    public static final Duration WAIT = Duration.ofSeconds(30);
    public static final Duration RECONNECT_WAIT = Duration.ofSeconds(75);

    private final ChromeDriver driver;
    private final String name;

    public ChatPage(ChromeDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    public static ChatPage open(Path profiles, URI page, String name) {
        return openWithScript(profiles, page, name, null);
    }

    /**
     * Like {@link #open}; {@code script} (unless null) runs in every document the browser loads, before the page's
     * own scripts (an untrusted network, a recorder).
     */
    public static ChatPage openWithScript(Path profiles, URI page, String name, String script) {
        return openWithScript(profiles, page, name, script, List.of());
    }

    /** Like {@link #openWithScript(Path, URI, String, String)}, the browser started with {@code arguments} too. */
    public static ChatPage openWithScript(Path profiles, URI page, String name, String script, List<String> arguments) {
        ChromeDriver driver = Chromium.start(profiles, arguments);
        ChatPage chat = new ChatPage(driver, name);
        try {
            if (script != null) {
                driver.executeCdpCommand("Page.enable", Map.of());
                driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
            }
            driver.get(page.toString());
            chat.await("the join form", d -> d.findElement(By.id("join-form")).isDisplayed());
            return chat;
        } catch (RuntimeException | Error e) {
            driver.quit();
            throw e;
        }
    }

    /**
     * Like {@link #open}, with a listener installed before any of the page's own scripts runs that records every
     * Content-Security-Policy violation the browser reports ({@link #policyViolations()}).
     */
    public static ChatPage openRecordingPolicyViolations(Path profiles, URI page, String name) {
        return openWithScript(profiles, page, name, """
                window.__policyViolations = [];
                document.addEventListener('securitypolicyviolation',
                    (e) => window.__policyViolations.push(e.effectiveDirective + ' ' + e.blockedURI));
                """);
    }

    /** The policy violations reported since the page loaded (see {@link #openRecordingPolicyViolations}). */
    @SuppressWarnings("unchecked")
    public List<String> policyViolations() {
        return (List<String>) script("return window.__policyViolations || ['(not recording)'];");
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Fills the join form (whatever it held before) and submits it. */
    public ChatPage submitJoin(String room, String nick, String password) {
        replaceText(By.id("join-room"), room);
        replaceText(By.id("join-nick"), nick);
        replaceText(By.id("join-password"), password);
        driver.findElement(By.id("join-submit")).click();
        return this;
    }

    /** Joins and waits until the room is shown. */
    public ChatPage join(String room, String nick, String password) {
        submitJoin(room, nick, password);
        return awaitRoomShown(room);
    }

    public ChatPage awaitRoomShown(String room) {
        await("room " + room + " shown", d -> d.findElement(By.id("chat-view")).isDisplayed()
                && d.findElement(By.id("composer-input")).isEnabled()
                && selectedView().contains(room));
        return this;
    }

    /** The error line of the join form, once it shows one. */
    public String awaitJoinError() {
        await("a join error", d -> d.findElement(By.id("join-error")).isDisplayed());
        return driver.findElement(By.id("join-error")).getText();
    }

    /**
     * Waits until the join form has an answer (not busy) whose error line matches, and returns that line. Use after
     * {@link #submitJoin}, which clears the previous error.
     */
    public String awaitJoinError(java.util.regex.Pattern expected) {
        await("a join error matching " + expected, d -> joinButtonIdle()
                && d.findElement(By.id("join-error")).isDisplayed()
                && expected.matcher(d.findElement(By.id("join-error")).getText()).matches());
        return driver.findElement(By.id("join-error")).getText();
    }

    public String awaitJoinError(String expected) {
        return awaitJoinError(java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(expected)));
    }

    public String fieldValue(String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }

    /** Types the text into the composer and presses Enter, as a person does. */
    public ChatPage send(String text) {
        WebElement input = awaitComposer();
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
        await("the composer to clear after sending", d -> fieldValue("composer-input").isEmpty());
        return this;
    }

    /** The chat messages of the view being shown, oldest first. */
    @SuppressWarnings("unchecked")
    public List<Message> messages() {
        // One round trip for the whole log (hundreds of messages in the history tests); innerText is the rendered
        // text, as a reader sees it.
        List<List<Object>> rows = (List<List<Object>>) script("""
                return [...document.querySelectorAll('ol.log:not([hidden]) li.message')].map(item => [
                    item.querySelector('.message-sender').innerText, item.querySelector('.message-text').innerText,
                    item.classList.contains('message-own'), item.dataset.id]);
                """);
        return rows.stream().map(row -> new Message((String) row.get(0), (String) row.get(1),
                (Boolean) row.get(2), (String) row.get(3))).toList();
    }

    public Message awaitMessage(String text) {
        await("a message reading " + quote(text), d -> messages().stream().anyMatch(m -> m.text().equals(text)));
        return messages().stream().filter(m -> m.text().equals(text)).findFirst().orElseThrow();
    }

    /** The notice lines (joins, leaves, connection changes) of the view being shown. */
    public List<String> notices() {
        return retryingStale(() -> driver.findElements(By.cssSelector("ol.log:not([hidden]) li.notice .notice-text"))
                .stream().map(WebElement::getText).toList());
    }

    public void awaitNotice(String fragment) {
        await("a notice containing " + quote(fragment),
                d -> notices().stream().anyMatch(n -> n.contains(fragment)));
    }

    /** The names in the people list, as shown (own name included). */
    public List<String> users() {
        return retryingStale(() -> driver.findElements(By.cssSelector("#user-list li bdi")).stream()
                .map(WebElement::getText).toList());
    }

    public ChatPage awaitUsers(List<String> expected) {
        await("the people list to show " + expected, d -> users().equals(expected));
        return this;
    }

    /**
     * The start of a private-message test: {@code first} and {@code second} join the room under their names, then each
     * opens the private conversation with the other.
     */
    public static void joinAndOpenConversation(String room, String password, ChatPage first, String firstNick,
                                               ChatPage second, String secondNick) {
        first.join(room, firstNick, password);
        second.join(room, secondNick, password);
        second.openConversation(firstNick);
        first.openConversation(secondNick);
    }

    /** Opens the private conversation with this person by choosing them in the people list. */
    public ChatPage openConversation(String peer) {
        await(peer + " in the people list", d -> !peerButtons(peer).isEmpty());
        peerButtons(peer).get(0).click();
        await("the conversation with " + peer, d -> selectedView().contains(peer));
        return this;
    }

    /** Shows a room or conversation from the room list; {@code viewId} as the page's store.js makes it. */
    public ChatPage showView(String label, String viewId) {
        await(label + " in the room list", d -> !viewButtons(viewId).isEmpty());
        viewButtons(viewId).get(0).click();
        await(label + " shown", d -> viewId.equals(selectedViewId()));
        return this;
    }

    public ChatPage showRoom(String room) {
        return showView("room " + room, roomView(room));
    }

    public ChatPage showConversation(String room, String peer) {
        return showView("the conversation with " + peer, conversationView(room, peer));
    }

    /** The view id of a room, as the page's store.js makes it. */
    public static String roomView(String room) {
        return "[\"room\"," + jsonString(room) + "]";
    }

    /** The view id of a private conversation with {@code peer} in {@code room}, as store.js makes it. */
    public static String conversationView(String room, String peer) {
        return "[\"private\"," + jsonString(room) + "," + jsonString(peer) + "]";
    }

    /** The room list's text of the entry for this view (name, status, unread count). */
    public String roomListEntry(String viewId) {
        List<WebElement> buttons = viewButtons(viewId);
        return buttons.isEmpty() ? "" : buttons.get(0).getText();
    }

    /**
     * Exactly what the message bodies of the shown view hold, oldest first: their text content, untrimmed, with any
     * bidi control characters kept, so a test can compare it with what was sent character for character.
     */
    @SuppressWarnings("unchecked")
    public List<String> exactTexts() {
        return (List<String>) script("return [...document.querySelectorAll("
                + "'ol.log:not([hidden]) li.message .message-text')].map(e => e.textContent);");
    }

    /** The ids of the chat messages of the shown view, oldest first. */
    public List<String> messageIds() {
        return messages().stream().map(Message::id).toList();
    }

    /** The text of every log, shown or hidden (rooms and private conversations alike). */
    public String allLogsText() {
        return (String) script("return document.getElementById('logs').textContent;");
    }

    /** The text of the whole page as it is rendered (what a reader could see, panels included). */
    public String pageText() {
        return (String) script("return document.body.innerText;");
    }

    /** How many elements in the page match a CSS selector (for "no such element was created" checks). */
    public long count(String cssSelector) {
        return ((Number) script("return document.querySelectorAll(arguments[0]).length;", cssSelector)).longValue();
    }

    /** The links inside the shown view's message that reads {@code text}: href, rel and shown text of each. */
    @SuppressWarnings("unchecked")
    public List<Map<String, String>> linksInMessage(String text) {
        return (List<Map<String, String>>) script("""
                const item = [...document.querySelectorAll('ol.log:not([hidden]) li.message')]
                    .find(li => li.querySelector('.message-text').textContent === arguments[0]);
                if (!item) throw new Error('no message reads ' + arguments[0]);
                return [...item.querySelectorAll('a')].map(a => ({
                    href: a.getAttribute('href'), rel: a.rel, text: a.textContent, target: a.target }));
                """, text);
    }

    /** The unread count shown on this view's entry in the room list (0 when it shows none). */
    public int unreadInRoomList(String viewId) {
        return badgeCount(viewButtons(viewId));
    }

    /** The unread count shown next to this person in the people list (0 when it shows none). */
    public int unreadForPeer(String peer) {
        return badgeCount(peerButtons(peer));
    }

    /** The view ids in the room list, in order (rooms, each followed by its private conversations). */
    public List<String> roomListViews() {
        return retryingStale(() -> driver.findElements(By.cssSelector("#room-list button[data-view]")).stream()
                .map(button -> button.getAttribute("data-view")).toList());
    }

    /** Types into the composer without sending; {@link Keys} chords such as Shift+Enter are allowed. */
    public ChatPage type(CharSequence... keys) {
        awaitComposer().sendKeys(keys);
        return this;
    }

    /**
     * The composer, once it takes input: a person types when the box is enabled, i.e. when the shown room is joined
     * (after a reconnect the page still lists the people it knew while it rejoins, with the box disabled).
     */
    private WebElement awaitComposer() {
        return await("the message box to take input", d -> {
            WebElement input = d.findElement(By.id("composer-input"));
            return input.isDisplayed() && input.isEnabled() ? input : null;
        });
    }

    public String composerValue() {
        return fieldValue("composer-input");
    }

    /** Types the lines with Shift+Enter between them and sends the whole with Enter, as a person does. */
    public ChatPage sendLines(String... lines) {
        WebElement input = awaitComposer();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            input.sendKeys(lines[i]);
        }
        input.sendKeys(Keys.ENTER);
        await("the composer to clear after sending", d -> fieldValue("composer-input").isEmpty());
        return this;
    }

    /** Opens the join form with "Join another room" and joins, keeping the rooms already joined. */
    public ChatPage joinAnotherRoom(String room, String nick, String password) {
        driver.findElement(By.id("join-another")).click();
        await("the join form", d -> d.findElement(By.id("join-form")).isDisplayed());
        return join(room, nick, password);
    }

    /** Leaves the room being shown with its "Leave room" button. */
    public ChatPage leaveShownRoom() {
        WebElement leave = driver.findElement(By.id("close-view"));
        if (!"Leave room".equals(leave.getText())) {
            throw new IllegalStateException("no room is shown; the button reads " + leave.getText());
        }
        leave.click();
        return this;
    }

    /** Whether the shown log offers older messages (the "Show earlier messages" control at its top). */
    public boolean offersOlderMessages() {
        return count("ol.log:not([hidden]) li.load-older button") > 0;
    }

    /**
     * Scrolls the shown log to its top, as a reader going back in time, and nothing else: the page must load the
     * earlier page by itself. Waits until it is shown (more messages, and the control usable again or gone).
     */
    public ChatPage scrollUpForOlderMessages() {
        int before = messages().size();
        script("document.querySelector('ol.log:not([hidden])').scrollTop = 0;");
        await("older messages above the " + before + " shown", d -> messages().size() > before
                && count("ol.log:not([hidden]) li.load-older button:disabled") == 0);
        return this;
    }

    /** The drawn height, in CSS pixels, of the text of the message with this id. */
    public double messageTextHeight(String id) {
        return ((Number) script("return document.querySelector(`li.message[data-id=\"${arguments[0]}\"] .message-text`)"
                + ".getBoundingClientRect().height;", id)).doubleValue();
    }

    /** The line height, in CSS pixels, of the text of the message with this id. */
    public double messageLineHeight(String id) {
        return ((Number) script("const text = document.querySelector(`li.message[data-id=\"${arguments[0]}\"] "
                + ".message-text`); const range = document.createRange(); range.selectNodeContents(text);"
                + "return range.getClientRects()[0].height;", id)).doubleValue();
    }

    /** The scroll position of the shown log: how far from its top the reader is, in CSS pixels. */
    public long logScrollTop() {
        return ((Number) script("return document.querySelector('ol.log:not([hidden])').scrollTop;")).longValue();
    }

    private boolean joinButtonIdle() {
        return !"Joining…".equals(driver.findElement(By.id("join-submit")).getText());
    }

    public boolean joinButtonEnabled() {
        return driver.findElement(By.id("join-submit")).isEnabled();
    }

    /** idle, connecting, open, waiting or refused: the connection indicator's state. */
    public String connectionState() {
        return driver.findElement(By.id("connection")).getAttribute("data-state");
    }

    public void awaitConnectionState(String state) {
        await("the connection to be " + state, d -> state.equals(connectionState()));
    }

    /**
     * Waits for the page to reconnect by itself after an outage: its backoff may have grown to 30 s between tries
     * (backoff.js), so the deadline is longer than {@link #WAIT}.
     */
    public void awaitReconnected() {
        await("the page to reconnect", RECONNECT_WAIT, d -> "open".equals(connectionState()));
    }

    public String title() {
        return driver.getTitle();
    }

    /** Runs a script in the page and returns its result (for facts the DOM alone cannot tell, e.g. element counts). */
    public Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public <T> T await(String what, Function<WebDriver, T> condition) {
        return await(what, WAIT, condition);
    }

    public <T> T await(String what, Duration deadline, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, deadline, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        wait.withMessage(() -> name + " waited for " + what + "; the page shows: state=" + safe(this::connectionState)
                + ", view=" + safe(this::selectedViewId) + ", messages=" + safe(this::messages)
                + ", notices=" + safe(this::notices) + ", people=" + safe(this::users)
                + ", join error=" + safe(() -> driver.findElement(By.id("join-error")).getText()));
        return wait.until(condition);
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** A chat message as shown: who, what, whether it is set apart as one's own, and the server's id. */
    public record Message(String sender, String text, boolean own, String id) {
    }

    private String selectedView() {
        String id = selectedViewId();
        return id == null ? "" : id;
    }

    private String selectedViewId() {
        List<WebElement> current = driver.findElements(By.cssSelector("#room-list button[aria-current]"));
        return current.isEmpty() ? null : current.get(0).getAttribute("data-view");
    }

    private List<WebElement> peerButtons(String peer) {
        return driver.findElements(By.cssSelector("#user-list button[data-peer]")).stream()
                .filter(button -> peer.equals(button.getAttribute("data-peer"))).toList();
    }

    private List<WebElement> viewButtons(String viewId) {
        return driver.findElements(By.cssSelector("#room-list button[data-view]")).stream()
                .filter(button -> viewId.equals(button.getAttribute("data-view"))).toList();
    }

    private int badgeCount(List<WebElement> buttons) {
        if (buttons.isEmpty()) {
            return 0;
        }
        List<WebElement> badges = buttons.get(0).findElements(By.className("badge"));
        if (badges.isEmpty()) {
            return 0;
        }
        String text = badges.get(0).getAttribute("textContent").replaceAll("\\D+", "");
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }

    private void replaceText(By field, String text) {
        WebElement input = driver.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    private static <T> T retryingStale(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private static String safe(java.util.function.Supplier<?> read) {
        try {
            return String.valueOf(read.get());
        } catch (RuntimeException e) {
            return "(" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String quote(String text) {
        return '"' + text + '"';
    }

    private static String jsonString(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    // ---- end-to-end encryption (issue 6) ----


    /** Leaves the page (the server sees the connection close) and comes back to it, same profile, same keys. */
    public ChatPage leavePageAndReturn(URI page) {
        driver.get("about:blank");
        driver.get(page.toString());
        await("the join form", d -> d.findElement(By.id("join-form")).isDisplayed());
        return this;
    }

    /** The line under the title: encrypted or not, the safety number, a changed key. */
    public String securityLine() {
        return driver.findElement(By.id("chat-security")).getText();
    }

    public String awaitSecurityLine(String fragment) {
        await("the security line to contain " + quote(fragment) + " (it reads " + quote(safe(this::securityLine))
                + ")", d -> securityLine().contains(fragment));
        return securityLine();
    }

    /** The safety number shown for the conversation being shown (60 digits in twelve groups of five). */
    public String safetyNumber() {
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("(?:\\d{5} ){11}\\d{5}")
                .matcher(awaitSecurityLine("afety number"));
        if (!number.find()) {
            throw new AssertionError(name + " shows no safety number: " + securityLine());
        }
        return number.group();
    }

    /** The labels of the first message showing {@code text} (e.g. "end-to-end encrypted", "not encrypted"). */
    public List<String> messageLabels(String text) {
        return retryingStale(() -> driver.findElements(By.cssSelector("ol.log:not([hidden]) li.message")).stream()
                .filter(item -> item.findElement(By.className("message-text")).getText().equals(text))
                .findFirst()
                .map(item -> item.findElements(By.className("message-label")).stream().map(WebElement::getText)
                        .toList())
                .orElseThrow(() -> new AssertionError(name + " shows no message " + quote(text))));
    }

    /** The warning lines (refused messages, changed keys) of the view being shown. */
    public List<String> warnings() {
        return retryingStale(() -> driver.findElements(By.cssSelector("ol.log:not([hidden]) li.notice-warning"))
                .stream().map(item -> item.findElement(By.className("notice-text")).getText()).toList());
    }

    public String awaitWarning(String fragment) {
        await("a warning containing " + quote(fragment), d -> warnings().stream().anyMatch(w -> w.contains(fragment)));
        return warnings().stream().filter(w -> w.contains(fragment)).findFirst().orElseThrow();
    }

    /** The label next to a person in the people list ("key changed", "not encrypted"), or "". */
    public String peerLabel(String peer) {
        return retryingStale(() -> peerButtons(peer).stream()
                .flatMap(button -> button.findElements(By.className("user-label")).stream())
                .map(WebElement::getText).findFirst().orElse(""));
    }

    public boolean composerEnabled() {
        return driver.findElement(By.id("composer-input")).isEnabled();
    }

    public String composerPlaceholder() {
        return driver.findElement(By.id("composer-input")).getAttribute("placeholder");
    }

    /** Accepts a peer's changed key with the button of the conversation shown. */
    public ChatPage acceptNewKey() {
        await("the accept-the-new-key button", d -> d.findElement(By.id("accept-key")).isDisplayed());
        driver.findElement(By.id("accept-key")).click();
        await("the new key accepted", d -> composerEnabled());
        return this;
    }

    /** Leaves a room with the "Leave room" button; other rooms (and the connection) stay. */
    public ChatPage leaveRoom(String room) {
        showRoom(room);
        String viewId = "[\"room\"," + jsonString(room) + "]";
        driver.findElement(By.id("close-view")).click();
        await("room " + room + " gone from the room list", d -> viewButtons(viewId).isEmpty());
        return this;
    }

    /** All text in the page, hidden views included (to prove something is NOT anywhere in it). */
    public String allText() {
        return String.valueOf(script("return document.body.textContent"));
    }
}
