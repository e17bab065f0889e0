package org.safehouse.browser;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * One person in a room with owners and moderators, driven through the bundled page's moderation controls: the room
 * settings panel, the member actions of the people list, role badges and the topic. The browser also records its
 * WebSockets (a script run before the page's own), so a test can play a member who sends a forged frame from the
 * developer tools, bypassing the page.
 */
final class ModerationPage implements AutoCloseable {
    private static final String SOCKET_RECORDER = """
            (() => {
              const Native = window.WebSocket;
              window.__sockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); window.__sockets.push(this); }
              };
            })();
            """;

    private final ChatPage chat;

    private ModerationPage(ChatPage chat) {
        this.chat = chat;
    }

    static ModerationPage open(Path profiles, URI page, String name) {
        return new ModerationPage(ChatPage.openWithScript(profiles, page, name, SOCKET_RECORDER));
    }

    ChatPage chat() {
        return chat;
    }

    /** Sends a raw frame on the page's open connection, as someone typing in the developer tools would. */
    void sendForgedFrame(String json) {
        chat.script("window.__sockets.filter(s => s.readyState === 1).at(-1).send(arguments[0]);", json);
    }

    /** The role badge next to {@code nick} in the people list ("owner", "moderator"), or "" for a member. */
    String roleBadge(String nick) {
        return String.valueOf(chat.script("""
                const item = [...document.querySelectorAll('#user-list li')]
                    .find(li => li.querySelector('bdi')?.textContent === arguments[0]);
                return item?.querySelector('.user-role')?.textContent || '';
                """, nick));
    }

    void awaitRoleBadge(String nick, String role) {
        chat.await(nick + " shown as " + role, d -> role.equals(roleBadge(nick)));
    }

    String topic() {
        WebElement topic = chat.driver().findElement(By.id("chat-topic"));
        return topic.isDisplayed() ? topic.getText() : "";
    }

    void awaitTopic(String topic) {
        chat.await("the topic " + topic + " in the header", d -> topic.equals(topic()));
    }

    /** Whether any moderation control is visible: the settings button, or an actions button in the people list. */
    boolean showsModerationControls() {
        return chat.driver().findElement(By.id("room-settings-button")).isDisplayed()
                || chat.driver().findElements(By.cssSelector("#user-list button[data-member]")).stream()
                        .anyMatch(WebElement::isDisplayed);
    }

    void openSettings() {
        chat.await("the room settings button", d -> d.findElement(By.id("room-settings-button")).isDisplayed());
        if (!chat.driver().findElement(By.id("room-settings")).isDisplayed()) {
            click("room-settings-button");
        }
        chat.await("the room settings panel", d -> d.findElement(By.id("room-settings")).isDisplayed());
    }

    void setTopic(String topic) {
        openSettings();
        type("settings-topic", topic);
        click("settings-topic-save");
    }

    /** "everyone" or "moderators". */
    void setWhoMayPost(String policy) {
        openSettings();
        new Select(chat.driver().findElement(By.id("settings-post-policy"))).selectByValue(policy);
        click("settings-save");
    }

    /** The nicknames in the ban list of the settings panel. */
    List<String> bannedLabels() {
        openSettings();
        return chat.driver().findElements(By.cssSelector("#ban-list .ban-label")).stream()
                .map(WebElement::getText).toList();
    }

    /**
     * Types {@code confirmation} and {@code newPassword} into the panic wipe form; returns whether its button became
     * usable, and clicks it if so.
     */
    boolean wipeRoom(String confirmation, String newPassword) {
        openSettings();
        type("wipe-confirm", confirmation);
        type("wipe-password", newPassword);
        WebElement wipe = chat.driver().findElement(By.id("wipe-room"));
        if (!wipe.isEnabled()) {
            return false;
        }
        wipe.click();
        return true;
    }

    void makeModerator(String nick) {
        openMemberActions(nick);
        click("make-moderator");
    }

    void kick(String nick, String reason) {
        openMemberActions(nick);
        type("kick-reason", reason);
        click("kick-member");
    }

    /** Bans {@code nick} by their encryption key only, until lifted. */
    void banByKey(String nick, String reason) {
        openMemberActions(nick);
        for (String other : List.of("ban-by-nick", "ban-by-address")) {
            WebElement box = chat.driver().findElement(By.id(other));
            if (box.isSelected()) {
                box.click();
            }
        }
        type("ban-reason", reason);
        click("ban-member");
    }

    private void openMemberActions(String nick) {
        By actions = By.cssSelector("#user-list button[data-member='" + nick + "']");
        chat.await("the actions button for " + nick, d -> !d.findElements(actions).isEmpty());
        chat.driver().findElement(actions).click();
        chat.await("the actions for " + nick, d -> d.findElement(By.id("member-actions")).isDisplayed()
                && nick.equals(d.findElement(By.id("member-actions-name")).getText()));
    }

    private void type(String id, String text) {
        WebElement input = chat.driver().findElement(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    private void click(String id) {
        chat.driver().findElement(By.id(id)).click();
    }

    @Override
    public void close() {
        chat.close();
    }
}
