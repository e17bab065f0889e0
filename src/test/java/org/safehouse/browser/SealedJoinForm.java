package org.safehouse.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The join form's "Create a sealed room" choice, driven as a person would: tick it, let the page generate a password
 * that passes its strength rule, and join. Every wait goes through {@link ChatPage#await}.
 */
final class SealedJoinForm {
    private SealedJoinForm() {
    }

    /**
     * Creates the sealed room {@code room} as {@code nick} with the password the page generates, and waits until the
     * room is shown (the page derives the room key first). Returns the password, as the person would write it down.
     */
    static String createWithGeneratedPassword(ChatPage page, String room, String nick) {
        type(page, "join-room", room);
        type(page, "join-nick", nick);
        page.driver().findElement(By.id("join-sealed")).click();
        page.await("the Generate button", d -> d.findElement(By.id("join-generate")).isDisplayed());
        page.driver().findElement(By.id("join-generate")).click();
        page.await("the password judged strong enough", d -> d.findElement(By.id("join-strength")).getText()
                .startsWith("Strong enough"));
        String password = page.fieldValue("join-password");
        page.driver().findElement(By.id("join-submit")).click();
        page.awaitRoomShown(room);
        return password;
    }

    private static void type(ChatPage page, String id, String text) {
        WebElement field = page.driver().findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }
}
