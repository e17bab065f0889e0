package org.safehouse.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A browser whose incoming frames pass through a malicious server or network: src/test/resources/browser/
 * untrusted-network.js, injected before the page's own scripts, which does nothing until the test arms it through
 * these methods. Its state belongs to the document: after a reload it is unarmed again.
 */
final class UntrustedNetwork {
    private static final String SCRIPT = resource("/browser/untrusted-network.js");

    private UntrustedNetwork() {
    }

    /** Opens the page, as {@link ChatPage#open}, behind the untrusted network. */
    static ChatPage open(Path profiles, URI page, String name) {
        return ChatPage.openWithScript(profiles, page, name, SCRIPT);
    }

    /** Does {@code mode} ({@code flip}, {@code duplicate} or {@code keep}) to the next private message for this page. */
    static void armPrivate(ChatPage page, String mode) {
        page.script("window.__untrustedNetwork.mode = arguments[0]", mode);
    }

    /** Flips one bit of the next sealed room message's ciphertext. */
    static void flipNextSealed(ChatPage page) {
        page.script("window.__untrustedNetwork.tamperSealed('flip')");
    }

    /** Delivers the next sealed room message as if {@code sender} had sent it. */
    static void reattributeNextSealed(ChatPage page, String sender) {
        page.script("window.__untrustedNetwork.tamperSealed('sender', arguments[0])", sender);
    }

    /**
     * Passes every later frame of {@code msgType} through {@code function}, the source of a JavaScript function of
     * {@code frame} returning the frame to deliver or null to withhold it (it may keep frames in
     * {@code window.__untrustedNetwork}, e.g. to {@link #forge} them later).
     */
    static void rewrite(ChatPage page, String msgType, String function) {
        // Part of the script WebDriver runs, not eval'd: the page's policy forbids eval.
        page.script("window.__untrustedNetwork.rewrite(arguments[0], " + function + ")", msgType);
    }

    /** Delivers a frame the server never sent; false when the page has no socket yet. */
    static boolean forge(ChatPage page, Map<String, Object> frame) {
        return Boolean.TRUE.equals(page.script("return window.__untrustedNetwork.forge(arguments[0])", frame));
    }

    /** How many frames the network changed, withheld or doubled so far. */
    static long tampered(ChatPage page) {
        return ((Number) page.script("return window.__untrustedNetwork.tampered")).longValue();
    }

    private static String resource(String name) {
        try (InputStream in = UntrustedNetwork.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
