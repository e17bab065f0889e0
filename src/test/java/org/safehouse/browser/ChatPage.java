package org.safehouse.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    private final ChromeDriver driver;
    private final String name;

    public ChatPage(ChromeDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    public static ChatPage open(Path profiles, URI page, String name) {
        ChromeDriver driver = Chromium.start(profiles);
        ChatPage chat = new ChatPage(driver, name);
        try {
            driver.get(page.toString());
            chat.await("the join form", d -> d.findElement(By.id("join-form")).isDisplayed());
            return chat;
        } catch (RuntimeException | Error e) {
            driver.quit();
            throw e;
        }
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

    public String fieldValue(String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }

    /** Types the text into the composer and presses Enter, as a person does. */
    public ChatPage send(String text) {
        WebElement input = driver.findElement(By.id("composer-input"));
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
        await("the composer to clear after sending", d -> fieldValue("composer-input").isEmpty());
        return this;
    }

    /** The chat messages of the view being shown, oldest first. */
    public List<Message> messages() {
        return retryingStale(() -> driver.findElements(By.cssSelector("ol.log:not([hidden]) li.message")).stream()
                .map(item -> new Message(
                        item.findElement(By.className("message-sender")).getText(),
                        item.findElement(By.className("message-text")).getText(),
                        item.getAttribute("class").contains("message-own"),
                        item.getAttribute("data-id")))
                .toList());
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
        return showView("room " + room, "[\"room\"," + jsonString(room) + "]");
    }

    public ChatPage showConversation(String room, String peer) {
        return showView("the conversation with " + peer,
                "[\"private\"," + jsonString(room) + "," + jsonString(peer) + "]");
    }

    /** The room list's text of the entry for this view (name, status, unread count). */
    public String roomListEntry(String viewId) {
        List<WebElement> buttons = viewButtons(viewId);
        return buttons.isEmpty() ? "" : buttons.get(0).getText();
    }

    /** idle, connecting, open, waiting or refused: the connection indicator's state. */
    public String connectionState() {
        return driver.findElement(By.id("connection")).getAttribute("data-state");
    }

    public void awaitConnectionState(String state) {
        await("the connection to be " + state, d -> state.equals(connectionState()));
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
        WebDriverWait wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
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

    /**
     * Like {@link #open}, with {@code script} run in every document of this browser before the page's own scripts
     * (Page.addScriptToEvaluateOnNewDocument): to play a malicious network between this page and the server.
     */
    public static ChatPage openWithScript(Path profiles, URI page, String name, String script) {
        ChromeDriver driver = Chromium.start(profiles);
        ChatPage chat = new ChatPage(driver, name);
        try {
            driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", script));
            driver.get(page.toString());
            chat.await("the join form", d -> d.findElement(By.id("join-form")).isDisplayed());
            return chat;
        } catch (RuntimeException | Error e) {
            driver.quit();
            throw e;
        }
    }

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

    /** The safety number shown for the conversation being shown (four groups of five digits). */
    public String safetyNumber() {
        java.util.regex.Matcher number = java.util.regex.Pattern.compile("\\d{5} \\d{5} \\d{5} \\d{5}")
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

    /** Joins one more room from the chat ("Join another room"), staying in the others. */
    public ChatPage joinAnotherRoom(String room, String nick, String password) {
        driver.findElement(By.id("join-another")).click();
        await("the join form", d -> d.findElement(By.id("join-form")).isDisplayed());
        return join(room, nick, password);
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
