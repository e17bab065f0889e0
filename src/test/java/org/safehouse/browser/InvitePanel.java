package org.safehouse.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The Invite panel of a sealed room in one browser (index.html #invite-panel), driven as a person would: open it,
 * choose how many people may use the link and for how long, make the link, read the live invites. Every wait goes
 * through {@link ChatPage#await}.
 */
final class InvitePanel {
    private final ChatPage page;

    private InvitePanel(ChatPage page) {
        this.page = page;
    }

    static InvitePanel of(ChatPage page) {
        return new InvitePanel(page);
    }

    /** Opens the panel of the room shown (its Invite button shows only in a sealed room whose key the page holds). */
    InvitePanel open() {
        page.await("the Invite button of a sealed room", d -> d.findElement(By.id("invite-button")).isDisplayed());
        if (!page.driver().findElement(By.id("invite-panel")).isDisplayed()) {
            page.driver().findElement(By.id("invite-button")).click();
        }
        page.await("the Invite panel", d -> d.findElement(By.id("invite-panel")).isDisplayed());
        return this;
    }

    /**
     * Chooses {@code uses} and {@code validFor} as the panel's lists show them ("5", "7 days") and makes a link:
     * the link as the panel shows it, to copy.
     */
    String makeLink(String uses, String validFor) {
        open();
        new Select(page.driver().findElement(By.id("invite-uses"))).selectByVisibleText(uses);
        new Select(page.driver().findElement(By.id("invite-expiry"))).selectByVisibleText(validFor);
        page.driver().findElement(By.id("invite-create")).click();
        return page.await("the new link in the Invite panel", d -> {
            WebElement link = d.findElement(By.id("invite-link"));
            String value = link.getDomProperty("value");
            return link.isDisplayed() && value != null && value.contains("#join=") ? value : null;
        });
    }

    /** The status line of the panel (what the link allows, or why there is none). */
    String status() {
        return page.driver().findElement(By.id("invite-status")).getText();
    }

    /** The live invites as listed: who made each, its uses left and its expiry. */
    List<String> liveInvites() {
        return page.driver().findElements(By.cssSelector("#invite-list li.invite")).stream()
                .map(WebElement::getText).toList();
    }

    InvitePanel close() {
        page.driver().findElement(By.id("invite-close")).click();
        page.await("the Invite panel closed", d -> !d.findElement(By.id("invite-panel")).isDisplayed());
        return this;
    }
}
