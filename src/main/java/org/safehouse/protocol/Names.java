package org.safehouse.protocol;

import java.text.Normalizer;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rules for nicknames and room names: NFC-normalized and trimmed; no control, format (which covers bidi overrides and
 * zero-width characters), separator other than a plain space, private-use, unassigned or lone surrogate characters,
 * and none of the invisible fillers that render as blank. Nicknames are also in one script (or a usual CJK mix).
 * Comparison ignores case and compatibility forms ({@link #key}).
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
        Checked checked = check(raw, MAX_NICKNAME_CODE_POINTS, "nickname");
        if (checked.ok() && !singleScript(checked.value())) {
            return new Checked(checked.value(), "nickname mixes scripts (such as Latin with Cyrillic or Greek)");
        }
        return checked;
    }

    public static Checked roomName(String raw) {
        return check(raw, MAX_ROOM_NAME_CODE_POINTS, "room name");
    }

    /**
     * The key two names collide on, so that names that look alike are one name (and one room): NFKC (full-width,
     * ligatures, styled letters such as U+210C become plain ones), then case folded without a locale (upper then lower
     * case, which also folds ß to ss and final sigma to sigma), then NFKC again, since case mapping can leave a form
     * that is not normalized. Not Unicode's full confusable skeleton (that needs ICU's data): look-alikes across
     * scripts are refused in nicknames by {@link #nickname} instead.
     */
    public static String key(String normalized) {
        String compatible = Normalizer.normalize(normalized, Normalizer.Form.NFKC);
        String folded = compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFKC);
    }

    /** The script sets people write one name in (Unicode TS 39, "highly restrictive"): Japanese, Chinese, Korean. */
    private static final List<Set<Character.UnicodeScript>> MIXES = List.of(
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HIRAGANA,
                    Character.UnicodeScript.KATAKANA),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.BOPOMOFO),
            EnumSet.of(Character.UnicodeScript.LATIN, Character.UnicodeScript.HAN, Character.UnicodeScript.HANGUL));

    /**
     * Whether a name is written in one script, besides characters common to all (digits, punctuation, emoji) and
     * inherited ones (combining marks), or in one of the usual {@link #MIXES}. A Latin name with a Cyrillic "а" is not.
     */
    static boolean singleScript(String name) {
        Set<Character.UnicodeScript> scripts = EnumSet.noneOf(Character.UnicodeScript.class);
        name.codePoints().forEach(codePoint -> {
            Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
            if (script != Character.UnicodeScript.COMMON && script != Character.UnicodeScript.INHERITED) {
                scripts.add(script);
            }
        });
        return scripts.size() <= 1 || MIXES.stream().anyMatch(mix -> mix.containsAll(scripts));
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
