package org.safehouse.browser;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The "Devices" panel of one browser (index.html #devices-panel), driven as a person would: open it, make a link
 * code, paste one, read the device list, unlink a device. Every wait goes through {@link ChatPage#await}.
 */
final class DevicesPanel {
    private final ChatPage page;

    private DevicesPanel(ChatPage page) {
        this.page = page;
    }

    static DevicesPanel of(ChatPage page) {
        return new DevicesPanel(page);
    }

    DevicesPanel open() {
        page.await("the Devices button", d -> d.findElement(By.id("devices-button")).isDisplayed());
        if (!page.driver().findElement(By.id("devices-panel")).isDisplayed()) {
            page.driver().findElement(By.id("devices-button")).click();
        }
        page.await("the Devices panel", d -> d.findElement(By.id("devices-panel")).isDisplayed());
        return this;
    }

    /** "Link a new device" named {@code name}: the one-time code as the panel shows it. */
    String linkNewDevice(String name) {
        open();
        WebElement field = page.driver().findElement(By.id("link-name"));
        field.clear();
        field.sendKeys(name);
        page.driver().findElement(By.id("link-start")).click();
        return page.await("a link code", d -> {
            String code = d.findElement(By.id("link-code")).getAttribute("value");
            return code != null && code.startsWith("safehouse-link:") ? code : null;
        });
    }

    /** The QR code of the link code shown, as the data: URL of its picture (null when the page drew none). */
    String linkQrPicture() {
        return (String) page.script("const image = document.querySelector('#link-qr img'); return image ? image.src : null;");
    }

    /** "Scan a code" under "Use a code" (the camera films the other device); the page reloads as a linked device. */
    void scanCode() {
        open();
        page.driver().findElement(By.id("redeem-scan")).click();
        awaitReloadedAsLinkedDevice();
    }

    /** Pastes {@code code} under "Use a code"; the page reloads as the linked device and shows the join form. */
    void useCode(String code) {
        open();
        // set as a paste would (sendKeys of 1,500 characters is slow and gains nothing)
        page.script("const field = document.getElementById('redeem-code'); field.value = arguments[0];", code);
        page.driver().findElement(By.id("redeem-submit")).click();
        awaitReloadedAsLinkedDevice();
    }

    private void awaitReloadedAsLinkedDevice() {
        page.await("the page to reload as a linked device (the panel says " + safeStatus() + ")",
                d -> Boolean.TRUE.equals(page.script("return document.readyState === 'complete' "
                        + "&& document.getElementById('devices-panel').hidden "
                        + "&& !document.getElementById('join-view').hidden")));
    }

    private String safeStatus() {
        try {
            return status();
        } catch (RuntimeException reloading) {
            return "nothing yet";
        }
    }

    /** The status line of the panel. */
    String status() {
        return page.driver().findElement(By.id("devices-status")).getText();
    }

    /** The names of the devices listed, in list order. */
    List<String> deviceNames() {
        return page.driver().findElements(By.cssSelector("#device-list .device-name")).stream()
                .map(WebElement::getText).toList();
    }

    DevicesPanel awaitDevices(List<String> names) {
        open();
        page.await("the devices " + names + " (the panel lists " + deviceNames() + ")",
                d -> deviceNames().equals(names));
        return this;
    }

    /** "Unlink" on the device named {@code name}. */
    void unlink(String name) {
        open();
        page.await("an Unlink button for " + name, d -> !unlinkButtons(name).isEmpty());
        unlinkButtons(name).get(0).click();
        page.await("the device " + name + " gone from the list", d -> !deviceNames().contains(name));
    }

    private List<WebElement> unlinkButtons(String name) {
        return page.driver().findElements(By.cssSelector("#device-list .device")).stream()
                .filter(item -> item.findElement(By.className("device-name")).getText().equals(name))
                .flatMap(item -> item.findElements(By.tagName("button")).stream()).toList();
    }
}
