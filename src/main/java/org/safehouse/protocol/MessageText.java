package org.safehouse.protocol;

import java.util.Locale;

/**
 * What message text may contain: anything but control characters (C0, DEL and C1) other than tab and newline, and
 * surrogates that do not pair up. Control characters draw nothing and JSON escapes most of them to six bytes each, so
 * a page of them is six times the size of the text a member sees; a lone surrogate is not text at all.
 */
public final class MessageText {
    private MessageText() {
    }

    /** @return why the text is refused (naming the character, never quoting the text), or null when it is fine. */
    public static String problem(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 ? c != '\t' && c != '\n' : c >= 0x7F && c <= 0x9F) {
                return "text contains a control character (U+" + String.format(Locale.ROOT, "%04X", (int) c)
                        + "); only tab and newline are allowed";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return "text contains an unpaired surrogate (U+" + String.format(Locale.ROOT, "%04X", (int) c)
                            + ")";
                }
            }
        }
        return null;
    }
}
