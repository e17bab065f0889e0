package org.safehouse.protocol;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Rules for nicknames and room names: NFC-normalized and trimmed; no control, format (which covers bidi overrides and
 * zero-width characters), separator other than a plain space, private-use, unassigned or lone surrogate characters,
 * and none of the invisible fillers that render as blank. Comparison ignores case ({@link #key}).
 */
public final class Names {
    public static final int MAX_NICKNAME_CODE_POINTS = 32;
    public static final int MAX_ROOM_NAME_CODE_POINTS = 64;

    private Names() {
    }

    /** A checked name: the normalized form to use, or why it was refused. */
    public record Checked(String value, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    public static Checked nickname(String raw) {
        return check(raw, MAX_NICKNAME_CODE_POINTS, "nickname");
    }

    public static Checked roomName(String raw) {
        return check(raw, MAX_ROOM_NAME_CODE_POINTS, "room name");
    }

    /** The key two names collide on: case-folded in a locale-independent way, then NFKC. */
    public static String key(String normalized) {
        String folded = normalized.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    private static Checked check(String raw, int maxCodePoints, String what) {
        String value = Normalizer.normalize(raw, Normalizer.Form.NFC).strip();
        int length = value.codePointCount(0, value.length());
        if (length == 0) {
            return new Checked(value, what + " is empty");
        }
        if (length > maxCodePoints) {
            return new Checked(value, what + " is longer than " + maxCodePoints + " characters");
        }
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (!allowed(codePoint)) {
                return new Checked(value, what + " contains an invisible or control character (U+"
                        + String.format(Locale.ROOT, "%04X", codePoint) + ")");
            }
            i += Character.charCount(codePoint);
        }
        return new Checked(value, null);
    }

    private static boolean allowed(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.PRIVATE_USE:
            case Character.SURROGATE:
            case Character.UNASSIGNED:
                return false;
            case Character.SPACE_SEPARATOR:
                return codePoint == ' ';
            default:
                break;
        }
        // Letters and marks that render as nothing (Hangul fillers, braille blank, combining grapheme joiner).
        return codePoint != 0x115F && codePoint != 0x1160 && codePoint != 0x3164 && codePoint != 0xFFA0
                && codePoint != 0x2800 && codePoint != 0x034F && !(codePoint >= 0xFE00 && codePoint <= 0xFE0F)
                && !(codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
